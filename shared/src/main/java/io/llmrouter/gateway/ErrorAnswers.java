package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Answers in OpenAI's error shape: {@code {"error":{"message","type","code"}}}. */
final class ErrorAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorAnswers() {
    }

    static HttpAnswer of(int status, String type, String code, String message) {
        return of(status, type, code, null, message);
    }

    /** With {@code param}, the request field at fault, as OpenAI names it in its errors. */
    static HttpAnswer of(int status, String type, String code, String param, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (param != null) {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return HttpAnswer.json(status, root.toString());
    }

    static HttpAnswer invalidRequest(String message) {
        return of(400, "invalid_request_error", null, message);
    }

    static HttpAnswer invalidParam(String param, String message) {
        return of(400, "invalid_request_error", "invalid_value", param, message);
    }

    static HttpAnswer notFound(String message, String code) {
        return of(404, "invalid_request_error", code, message);
    }

    static HttpAnswer unauthorized(String message) {
        return of(401, "authentication_error", "invalid_api_key", message);
    }

    static HttpAnswer unavailable(String message) {
        return of(503, "server_error", "no_healthy_target", message);
    }
}
