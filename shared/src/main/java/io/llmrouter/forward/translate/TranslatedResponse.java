package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A provider response turned into the OpenAI Chat Completions shape.
 *
 * @param status the HTTP status to answer the client with (the upstream's)
 * @param body   a {@code chat.completion} object (without {@code usage} when the provider reported none),
 *               or an OpenAI error object when {@link #isError()}
 * @param usage  tokens as the provider reported them; all null for errors
 */
public record TranslatedResponse(int status, ObjectNode body, Usage usage) {

    public TranslatedResponse {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(usage, "usage");
    }

    /** The body as JSON bytes, to send to the client. */
    public byte[] bodyBytes() {
        return WireJson.bytes(body);
    }

    public boolean isError() {
        return status < 200 || status > 299;
    }
}
