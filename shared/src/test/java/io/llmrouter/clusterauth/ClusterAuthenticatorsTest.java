package io.llmrouter.clusterauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.config.AuthType;
import io.llmrouter.config.ClusterAuth;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterAuthenticatorsTest {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final URI HEALTH = URI.create("https://cluster.example/health");

    @TempDir
    Path dir;

    private static Map<String, String> applied(ClusterAuthenticator authenticator) {
        return authenticator.headers("GET", HEALTH, new byte[0]);
    }

    @Test
    void noSettingsMeanNoAuthentication() {
        assertSame(NoAuthentication.INSTANCE, ClusterAuthenticators.forCluster(null, CLOCK));
        assertSame(NoAuthentication.INSTANCE, ClusterAuthenticators.forCluster(ClusterAuth.none(), CLOCK));
        assertTrue(applied(NoAuthentication.INSTANCE).isEmpty());
    }

    @Test
    void apiKeyAndHmacPickTheirAuthenticators() {
        ClusterAuthenticator apiKey = ClusterAuthenticators.forCluster(
                new ClusterAuth(AuthType.API_KEY, null, "sk-config", null, null, null), CLOCK);
        ClusterAuthenticator hmac = ClusterAuthenticators.forCluster(
                new ClusterAuth(AuthType.HMAC, "shared", null, null, null, null), CLOCK);

        assertEquals("Bearer sk-config", applied(apiKey).get("Authorization"));
        assertTrue(applied(hmac).containsKey(HmacScheme.SIGNATURE_HEADER));
        assertTrue(apiKey.sslContext().isEmpty());
    }

    @Test
    void mtlsNeedsBothPemFiles() {
        ClusterAuthException error = assertThrows(ClusterAuthException.class, () -> ClusterAuthenticators.forCluster(
                new ClusterAuth(AuthType.MTLS, null, null, "/etc/router/client.pem", null, null), CLOCK));
        assertTrue(error.getMessage().contains("clientKeyPath"), error.getMessage());
    }

    @Test
    void missingSecretsAreRefusedWithoutShowingOtherSettings() {
        ClusterAuthException error = assertThrows(ClusterAuthException.class, () -> ClusterAuthenticators.forCluster(
                new ClusterAuth(AuthType.API_KEY, "hmac-secret-not-for-this-type", null, null, null, null), CLOCK));
        assertFalse(error.getMessage().contains("hmac-secret-not-for-this-type"));
        assertThrows(ClusterAuthException.class, () -> ClusterAuthenticators.forCluster(
                new ClusterAuth(AuthType.HMAC, null, "sk-key", null, null, null), CLOCK));
    }

    @Test
    void aPrivateCaAddsTlsAroundAnyType() {
        TestPki.Issued ca = TestPki.authority("private-ca");
        Path caPem = TestPki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());

        ClusterAuthenticator apiKey = ClusterAuthenticators.forCluster(
                new ClusterAuth(AuthType.API_KEY, null, "sk-config", null, null, caPem.toString()), CLOCK);

        assertInstanceOf(TlsAuthenticator.class, apiKey);
        assertTrue(apiKey.sslContext().isPresent());
        assertEquals("Bearer sk-config", applied(apiKey).get("Authorization"));
        assertFalse(apiKey.toString().contains("sk-config"), apiKey.toString());
    }
}
