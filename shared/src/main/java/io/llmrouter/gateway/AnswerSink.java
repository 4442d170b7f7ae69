package io.llmrouter.gateway;

import java.io.IOException;
import java.util.Map;

/**
 * Where the router writes an answer, as its carrier delivers it: the head (status and headers) once,
 * then the body in one or more parts. A streaming carrier (the local front door, the Lambda streaming
 * runtime) sends each part on as it is written, so a client reads every server-sent event as the
 * upstream produces it; a buffering carrier ({@link RouterGateway#handle(HttpCall)}) collects them.
 *
 * <p>An {@link IOException} from {@link #head} or {@link #write} means the client is gone: the router
 * stops, cancels the upstream request, and logs {@code client_disconnected}.
 */
public interface AnswerSink {

    /** Status and headers; called once, before any part of the body. */
    void head(int status, Map<String, String> headers) throws IOException;

    /** A part of the body (whole server-sent events for a stream), to be sent on now. */
    void write(byte[] part) throws IOException;

    /**
     * Headers known only once the body is written ({@code x-router-cost-usd} of a stream). A buffering
     * carrier adds them to the head; a streaming carrier, whose head has left, drops them: the stream
     * carries them in its closing comment line.
     */
    default void trailingHeaders(Map<String, String> headers) {
    }
}
