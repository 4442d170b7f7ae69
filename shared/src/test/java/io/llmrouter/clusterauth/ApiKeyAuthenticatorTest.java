package io.llmrouter.clusterauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private static final URI MODELS = URI.create("http://127.0.0.1:8080/v1/models");

    @Test
    void sendsTheKeyAsABearerToken() {
        HttpRequest request = new ApiKeyAuthenticator("sk-cluster-key")
                .apply(HttpRequest.newBuilder(MODELS), "GET", MODELS, new byte[0]).build();

        assertEquals("Bearer sk-cluster-key", request.headers().firstValue("Authorization").orElseThrow());
    }

    @Test
    void theKeyNeverShowsInToStringOrErrors() {
        assertFalse(new ApiKeyAuthenticator("sk-cluster-key").toString().contains("sk-cluster-key"));
        ClusterAuthException error = assertThrows(ClusterAuthException.class, () -> new ApiKeyAuthenticator("sk-with\nnewline"));
        assertFalse(error.getMessage().contains("sk-with"), error.getMessage());
    }

    @Test
    void aMissingKeyIsRefused() {
        assertThrows(ClusterAuthException.class, () -> new ApiKeyAuthenticator(null));
        assertThrows(ClusterAuthException.class, () -> new ApiKeyAuthenticator(" "));
    }
}
