package io.llmrouter.forward;

import io.llmrouter.routing.Candidate;

import java.io.IOException;
import java.util.List;

/**
 * The client's {@link EventSink} as one attempt writes to it: the first write commits the stream to this
 * attempt's candidate and sends the answer's head (through {@link EventSink#begin}); failover is over from
 * then on.
 */
final class ClientStream implements StreamRelay.Output {

    private final EventSink sink;
    private final Candidate candidate;
    private final int attempts;
    private final List<String> droppedParams;
    private int status = 200;
    private long firstEventNanos;

    /**
     * @param attempts      the attempts made, this one included
     * @param droppedParams the client's parameters left out of this attempt's request
     */
    ClientStream(EventSink sink, Candidate candidate, int attempts, List<String> droppedParams) {
        this.sink = sink;
        this.candidate = candidate;
        this.attempts = attempts;
        this.droppedParams = droppedParams;
    }

    /** The status the head will carry. */
    void upstreamStatus(int status) {
        this.status = status;
    }

    @Override
    public void write(byte[] events) throws IOException {
        if (firstEventNanos == 0) {
            firstEventNanos = System.nanoTime();
            sink.begin(candidate, status, attempts, droppedParams);
        }
        sink.events(events);
    }

    @Override
    public boolean started() {
        return firstEventNanos != 0;
    }

    @Override
    public byte[] collected() {
        return new byte[0];
    }

    ForwardOutcome.Streamed ended(ForwardOutcome.StreamEnd end) {
        return new ForwardOutcome.Streamed(firstEventNanos, end);
    }
}
