package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The client's request cannot be sent to the provider: it asks for something the provider cannot do
 * (or, from a caller without the gateway's validation in front, it is not a valid chat request). The
 * client gets HTTP 400 with {@link #toOpenAiError()}.
 */
public class RequestTranslationException extends Exception {

    private final String param;

    /**
     * @param message the reason, for the client
     * @param param   the offending request field ({@code messages[2].content[0].image_url.url}), or null
     */
    public RequestTranslationException(String message, String param) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return 400;
    }

    /** The OpenAI error body for the client. */
    public ObjectNode toOpenAiError() {
        return OpenAiWire.error(getMessage(), "invalid_request_error", param, null);
    }
}
