package io.llmrouter.route.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A failure as the Runtime API takes it: a type, sent as the {@code Lambda-Runtime-Function-Error-Type}
 * header (or trailer), and the JSON body {@code {"errorMessage": ..., "errorType": ...}} that Lambda shows
 * the caller and logs. The type is the exception's class name, as the managed Java runtime reports it.
 */
record FunctionError(String type, String message) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static FunctionError of(Throwable failure) {
        String type = failure.getClass().getName();
        return new FunctionError(type, failure.getMessage() == null ? type : failure.getMessage());
    }

    byte[] json() {
        ObjectNode body = JSON.createObjectNode().put("errorMessage", message).put("errorType", type);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The body as a trailer carries it: trailers are header fields, so the JSON travels base64-encoded. */
    String base64Json() {
        return Base64.getEncoder().encodeToString(json());
    }
}
