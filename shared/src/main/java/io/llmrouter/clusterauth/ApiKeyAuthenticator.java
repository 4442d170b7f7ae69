package io.llmrouter.clusterauth;

import java.net.URI;
import java.util.Map;

/**
 * llama-server's own check ({@code --api-key}): {@code Authorization: Bearer <key>} on every request.
 * llama-server leaves {@code /health} open but guards {@code /metrics}, {@code /slots} and the model list.
 */
public final class ApiKeyAuthenticator implements ClusterAuthenticator {

    private final Map<String, String> header;

    public ApiKeyAuthenticator(String apiKey) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new ClusterAuthException("API key authentication needs a non-empty apiKey");
        }
        if (apiKey.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            // Said here, without the key: the HTTP client would refuse the header later with less context.
            throw new ClusterAuthException("apiKey must be printable ASCII without spaces");
        }
        this.header = Map.of("Authorization", "Bearer " + apiKey);
    }

    @Override
    public Map<String, String> headers(String method, URI uri, byte[] body) {
        return header;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthenticator[apiKey=***]";
    }
}
