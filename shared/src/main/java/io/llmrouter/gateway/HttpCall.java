package io.llmrouter.gateway;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as the router sees it, whatever carried it (a function URL event, the local front
 * door). Header names are matched case-insensitively.
 *
 * @param requestId the carrier's id of the request (the function URL's request id), for logs and metrics; may be null
 * @param query     the URL's query string as sent, still percent-encoded, without the {@code ?}; empty when none
 */
public record HttpCall(String method, String path, Map<String, String> headers, byte[] body, String requestId,
                       String query) {

    public HttpCall(String method, String path, Map<String, String> headers, byte[] body) {
        this(method, path, headers, body, null);
    }

    public HttpCall(String method, String path, Map<String, String> headers, byte[] body, String requestId) {
        this(method, path, headers, body, requestId, "");
    }

    public HttpCall {
        Map<String, String> folded = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            folded.putAll(headers);
        }
        headers = folded;
        method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
        body = body == null ? new byte[0] : body;
        query = query == null ? "" : query;
    }

    public String header(String name) {
        return headers.get(name);
    }
}
