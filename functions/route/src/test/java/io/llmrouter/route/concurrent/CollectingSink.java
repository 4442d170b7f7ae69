package io.llmrouter.route.concurrent;

import io.llmrouter.gateway.AnswerSink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A streaming carrier's client that reads everything: the head once, then every part of the body in order. */
public final class CollectingSink implements AnswerSink {

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int heads;
    private int status;
    private Map<String, String> headers = Map.of();

    @Override
    public void head(int status, Map<String, String> headers) {
        heads++;
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    @Override
    public void write(byte[] part) {
        body.writeBytes(part);
    }

    public int heads() {
        return heads;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String body() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
