package io.llmrouter.forward.translate;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP request to a provider, without credentials (see {@link ProviderTranslator#authHeaders}).
 * Like every record holding an array, two requests are equal only when they share the body array.
 *
 * @param method    HTTP method
 * @param path      path and query, appended to the provider's base URL
 * @param headers   headers to send (content type, API version, accept)
 * @param body      the JSON body
 * @param streaming     whether the response will be a server-sent event stream
 * @param droppedParams the client's request parameters left out because this provider's API no longer
 *                      takes them (Anthropic's sampling fields), in the client's names; see
 *                      {@code router.dropUnsupportedParams}
 */
public record UpstreamRequest(String method, String path, Map<String, String> headers, byte[] body, boolean streaming,
                              List<String> droppedParams) {

    public UpstreamRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        droppedParams = List.copyOf(droppedParams);
    }

    /** A request that carries every parameter the client sent. */
    public UpstreamRequest(String method, String path, Map<String, String> headers, byte[] body, boolean streaming) {
        this(method, path, headers, body, streaming, List.of());
    }

    /** The body stays out: it holds the user's prompt. */
    @Override
    public String toString() {
        return "UpstreamRequest[" + method + " " + path + ", headers=" + headers.keySet() + ", body=" + body.length
                + " bytes, streaming=" + streaming + ", droppedParams=" + droppedParams + "]";
    }
}
