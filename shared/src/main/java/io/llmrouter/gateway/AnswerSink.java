package io.llmrouter.gateway;

import java.io.IOException;
import java.util.Map;

/**
 * Where the router writes an answer, as its carrier delivers it: the head (status and headers) once,
 * then the body in one or more parts. A streaming carrier (the local front door, the Lambda streaming
 * runtime) sends each part on as it is written, so a client reads every server-sent event as the
 * upstream produces it. (A carrier that buffers calls {@link RouterGateway#handle(HttpCall)} instead.)
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
     * An answer known whole before any of it is sent (every answer but a stream): a carrier may send it with
     * its length instead of in parts.
     */
    default void whole(int status, Map<String, String> headers, byte[] body) throws IOException {
        head(status, headers);
        if (body.length > 0) {
            write(body);
        }
    }
}
