package io.llmrouter.forward;

import io.llmrouter.routing.Candidate;

import java.io.IOException;
import java.util.List;

/**
 * Where the events of a streamed answer go as they are relayed, for a client that reads them as they are
 * generated. Nothing reaches it until a candidate's stream is committed (its first event); then
 * {@link #begin} is called once and {@link #events} for each batch of translated events.
 *
 * <p>An {@link IOException} from either means the client is gone: the forwarder stops reading and closes
 * the upstream connection, which cancels the generation (llama-server frees the slot).
 */
public interface EventSink {

    /**
     * The stream is committed to {@code candidate}: what the client's head needs is known.
     *
     * @param status        the upstream's status (2xx)
     * @param attempts      the attempts made, this one included
     * @param droppedParams the client's parameters left out of the request to this candidate (see
     *                      {@link io.llmrouter.forward.translate.UpstreamRequest#droppedParams()})
     */
    void begin(Candidate candidate, int status, int attempts, List<String> droppedParams) throws IOException;

    /** Server-sent events in OpenAI's chunk format, whole: send them on now. */
    void events(byte[] events) throws IOException;
}
