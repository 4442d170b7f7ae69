package io.llmrouter.clusterauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

    private static final URI MODELS = URI.create("http://127.0.0.1:8080/v1/models");

    @Test
    void sendsTheKeyAsABearerToken() {
        Map<String, String> headers = new ApiKeyAuthenticator("sk-cluster-key").headers("GET", MODELS, new byte[0]);

        assertEquals(Map.of("Authorization", "Bearer sk-cluster-key"), headers);
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
