package io.llmrouter.forward.sse;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Pulls server-sent events from a byte stream (an upstream HTTP response body), one at a time, as
 * soon as each is complete: an event is returned while the connection is still open.
 *
 * <p>Not thread-safe. Closing the input stream is the caller's business.
 */
public final class SseReader {

    private static final int READ_SIZE = 8192;

    private final InputStream in;
    private final SseParser parser;
    private final Deque<SseEvent> ready = new ArrayDeque<>();
    private final byte[] buffer = new byte[READ_SIZE];
    private boolean ended;

    public SseReader(InputStream in) {
        this(in, new SseParser());
    }

    public SseReader(InputStream in, SseParser parser) {
        this.in = Objects.requireNonNull(in, "in");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /** The next event, or null once the stream has ended and every event was returned. */
    public SseEvent next() throws IOException {
        while (ready.isEmpty() && !ended) {
            int n = in.read(buffer);
            if (n < 0) {
                ended = true;
                ready.addAll(parser.finish());
            } else {
                ready.addAll(parser.feed(buffer, 0, n));
            }
        }
        return ready.poll();
    }

    /** True when the stream ended inside a line (the connection was cut mid-event). */
    public boolean endedMidEvent() {
        return parser.endedMidEvent();
    }
}
