package io.llmrouter.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP response of the router: status, headers (x-router-* among them) and body. */
public record HttpAnswer(int status, Map<String, String> headers, byte[] body) {

    public static HttpAnswer json(int status, String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/json");
        return new HttpAnswer(status, headers, json.getBytes(StandardCharsets.UTF_8));
    }

    public HttpAnswer withHeader(String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(this.headers);
        headers.put(name, value);
        return new HttpAnswer(status, headers, body);
    }

    /** This answer with {@code extra} headers added (replacing any of the same name). */
    public HttpAnswer withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        Map<String, String> headers = new LinkedHashMap<>(this.headers);
        headers.putAll(extra);
        return new HttpAnswer(status, headers, body);
    }

    /**
     * An answer the router made itself, from its own state, without asking a target: {@code reason} says
     * why, and no target was tried.
     */
    HttpAnswer answeredByRouter(String reason) {
        return withHeader("x-router-reason", reason).withHeader("x-router-attempts", "0");
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
