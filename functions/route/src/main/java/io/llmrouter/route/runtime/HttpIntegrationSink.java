package io.llmrouter.route.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.gateway.AnswerSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes an answer in the body format a function URL in RESPONSE_STREAM mode reads from a streaming
 * function ({@code application/vnd.awslambda.http-integration-response}): a JSON prelude with the status
 * and headers, eight NUL bytes, then the answer's body as it is written. Every call flushes, so each part
 * leaves as its own chunk of the response request at once, and the client reads each server-sent event as
 * the upstream produces it.
 */
final class HttpIntegrationSink implements AnswerSink {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Ends the prelude: a function URL reads the JSON up to here, and passes on everything after as the body. */
    static final byte[] PRELUDE_END = new byte[8];

    private final OutputStream out;
    private boolean started;

    HttpIntegrationSink(OutputStream out) {
        this.out = out;
    }

    @Override
    public void head(int status, Map<String, String> headers) throws IOException {
        started = true;
        out.write(prelude(status, headers));
        out.flush();
    }

    @Override
    public void write(byte[] part) throws IOException {
        out.write(part);
        out.flush();
    }

    /** Whether anything has been written: from then on a failure can only be told in the trailers. */
    boolean started() {
        return started;
    }

    static byte[] prelude(int status, Map<String, String> headers) {
        ObjectNode prelude = JSON.createObjectNode().put("statusCode", status);
        ObjectNode fields = prelude.putObject("headers");
        headers.forEach((name, value) -> {
            if (value != null) {
                fields.put(name, value);
            }
        });
        prelude.putArray("cookies");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(prelude.toString().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(PRELUDE_END);
        return bytes.toByteArray();
    }
}
