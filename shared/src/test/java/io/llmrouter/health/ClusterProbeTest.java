package io.llmrouter.health;

import io.llmrouter.state.HealthRecord;
import static io.llmrouter.testing.llama.LoopbackLlamaServer.JSON;
import static io.llmrouter.testing.llama.LoopbackLlamaServer.reply;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.clusterauth.ApiKeyAuthenticator;
import io.llmrouter.clusterauth.ClusterAuthenticator;
import io.llmrouter.clusterauth.HmacAuthenticator;
import io.llmrouter.clusterauth.HmacScheme;
import io.llmrouter.clusterauth.HmacVerifier;
import io.llmrouter.clusterauth.NoAuthentication;
import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterAuth;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterProbeTest {

    private static final Instant PROBE_START = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(PROBE_START, ZoneOffset.UTC);
    /** Generous, so that a loaded machine does not turn an answer into a timeout. */
    private static final ProbeTimeouts PATIENT = new ProbeTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));
    private static final String LOADING = Fixtures.llamaServer("captured-v0.5.0/health-loading.json");
    private static final String UNAUTHORIZED =
            "{\"error\":{\"message\":\"Invalid API Key\",\"type\":\"authentication_error\",\"code\":401}}";

    private final LoopbackLlamaServer server = LoopbackLlamaServer.http();

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static ClusterConfig cluster(URI endpoint) {
        return new ClusterConfig("gpu-a", endpoint, "us-east-1", CloudProvider.AWS, 1.2, "g5.xlarge", null, List.of(), null,
                ClusterAuth.none());
    }

    private static HealthRecord probe(URI endpoint, ClusterAuthenticator auth, ProbeTimeouts timeouts) {
        try (ClusterProbe probe = new ClusterProbe(cluster(endpoint), auth, timeouts, CLOCK)) {
            return probe.probe();
        }
    }

    private HealthRecord probe() {
        return probe(server.endpoint(), NoAuthentication.INSTANCE, PATIENT);
    }

    @Test
    void aBusyServerFillsEveryField() {
        server.servingBusyCluster();

        HealthRecord record = probe();

        assertTrue(record.up());
        assertEquals("ok", record.reason());
        assertEquals("gpu-a", record.target());
        assertEquals(PROBE_START, record.observedAt());
        assertNotNull(record.probeLatencyMs());
        assertTrue(record.probeLatencyMs() >= 0);
        assertEquals(11.1844, record.generationTokensPerSecond());
        assertEquals(213.308, record.promptTokensPerSecond());
        assertEquals(60, record.generatedTokensTotal());
        assertEquals(5.09638, record.generationSecondsTotal());
        assertEquals(2, record.requestsProcessing());
        assertEquals(1, record.requestsDeferred());
        assertEquals(2, record.busySlots());
        assertEquals(2, record.totalSlots());
        assertEquals(1024, record.contextWindow());
        assertEquals(List.of("tiny-random-llama"), record.servedModels());
        assertEquals("1305509793", record.restartMarker(), "the header's value, kept opaque");
    }

    @ParameterizedTest
    @ValueSource(strings = {"captured-v0.5.0/health-loading.json", "health-loading-legacy.json"})
    void aServerLoadingItsModelIsDownWithItsOwnReason(String fixture) {
        // llama-server answers 503 on every route until the model is loaded.
        server.guardedBy(exchange -> new LoopbackLlamaServer.Reply(503, JSON, Fixtures.llamaServer(fixture)));

        HealthRecord record = probe();

        assertFalse(record.up());
        assertEquals("HTTP 503 Loading model", record.reason());
        assertEquals(PROBE_START, record.observedAt());
        assertNotNull(record.probeLatencyMs(), "the server did answer");
        assertNull(record.requestsProcessing());
        assertNull(record.restartMarker());
        assertEquals(List.of("/health"), server.requestedPaths(), "a down cluster is not asked for more");
    }

    @Test
    void metricsOffLeavesMetricsUnknownButTheClusterUp() {
        server.servingBusyCluster()
                .on("/metrics", reply(501, JSON, Fixtures.llamaServer("metrics-disabled.json")));

        HealthRecord record = probe();

        assertTrue(record.up());
        assertNull(record.generationTokensPerSecond());
        assertNull(record.promptTokensPerSecond());
        assertNull(record.generatedTokensTotal());
        assertNull(record.requestsProcessing());
        assertNull(record.requestsDeferred());
        assertNull(record.restartMarker());
        assertEquals(2, record.busySlots(), "slots still answer");
        assertEquals(List.of("tiny-random-llama"), record.servedModels());
    }

    @Test
    void slotsOffLeavesSlotsUnknown() {
        server.servingBusyCluster()
                .on("/slots", reply(501, JSON, "{\"error\":{\"code\":501,\"message\":\"This server does not support slots endpoint. Start it with `--slots`\",\"type\":\"not_supported_error\"}}"));

        HealthRecord record = probe();

        assertTrue(record.up());
        assertNull(record.busySlots());
        assertNull(record.totalSlots());
        assertNull(record.contextWindow());
        assertEquals(2, record.requestsProcessing());
    }

    @Test
    void aRefusedConnectionIsDown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        HealthRecord record = probe(URI.create("http://127.0.0.1:" + closedPort), NoAuthentication.INSTANCE, PATIENT);

        assertFalse(record.up());
        assertEquals("connect refused", record.reason());
        assertNull(record.probeLatencyMs());
        assertEquals(PROBE_START, record.observedAt());
    }

    @Test
    void aHealthCheckThatNeverAnswersTimesOut() {
        server.servingBusyCluster().on("/health", server.hang());
        ProbeTimeouts shortRequests = new ProbeTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), Duration.ofSeconds(10));

        HealthRecord record = probe(server.endpoint(), NoAuthentication.INSTANCE, shortRequests);

        assertFalse(record.up());
        assertEquals("timeout", record.reason());
        assertNull(record.probeLatencyMs());
    }

    @Test
    void theOverallDeadlineWinsOverALongerPerRequestTimeout() {
        server.servingBusyCluster().on("/health", server.hang());
        ProbeTimeouts deadlineFirst = new ProbeTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMillis(300));

        HealthRecord record = probe(server.endpoint(), NoAuthentication.INSTANCE, deadlineFirst);

        assertFalse(record.up());
        assertEquals("timeout", record.reason());
    }

    @Test
    void aHangingMetricsEndpointOnlyCostsTheMetrics() {
        server.servingBusyCluster().on("/metrics", server.hang());
        ProbeTimeouts timeouts = new ProbeTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10));

        HealthRecord record = probe(server.endpoint(), NoAuthentication.INSTANCE, timeouts);

        assertTrue(record.up());
        assertNull(record.generationTokensPerSecond());
        assertNull(record.restartMarker());
        assertEquals(2, record.busySlots());
    }

    @Test
    void anUnreadableHealthBodyIsNotUp() {
        server.servingBusyCluster().on("/health", reply(200, JSON, "{\"status\":"));

        HealthRecord record = probe();

        assertFalse(record.up());
        assertEquals("HTTP 200 with an unreadable /health body", record.reason());
    }

    @Test
    void anErrorWithAnUnreadableBodyKeepsItsStatus() {
        server.on("/health", reply(503, Map.of("Content-Type", "text/html"), "<html>bad gateway</html>"));

        HealthRecord record = probe();

        assertFalse(record.up());
        assertEquals("HTTP 503", record.reason());
    }

    @Test
    void unreadableOptionalBodiesLeaveTheirFieldsUnknown() {
        server.servingBusyCluster()
                .on("/metrics", reply(200, Map.of(), "<html>not metrics</html>\n"))
                .on("/slots", reply(200, JSON, "[{\"id\":0,"))
                .on("/v1/models", reply(200, JSON, "{\"data\":\"nope\"}"));

        HealthRecord record = probe();

        assertTrue(record.up());
        assertNull(record.generationTokensPerSecond());
        assertNull(record.busySlots());
        assertEquals(List.of(), record.servedModels());
    }

    @Test
    void anEndpointWithABasePathKeepsIt() {
        server.on("/cluster-a/health", reply(200, JSON, Fixtures.llamaServer("health-ok.json")))
                .on("/cluster-a/v1/models", reply(200, JSON, Fixtures.llamaServer("captured-v0.5.0/models.json")));

        HealthRecord record = probe(server.endpoint().resolve("/cluster-a/"), NoAuthentication.INSTANCE, PATIENT);

        assertTrue(record.up());
        assertEquals(List.of("tiny-random-llama"), record.servedModels());
    }

    /** Like llama-server --api-key: /health is open, everything else needs the Bearer key. */
    private void requireApiKey(String key) {
        server.guardedBy(exchange -> exchange.getRequestURI().getPath().equals("/health")
                || ("Bearer " + key).equals(exchange.getRequestHeaders().getFirst("Authorization"))
                ? null
                : new LoopbackLlamaServer.Reply(401, JSON, UNAUTHORIZED));
    }

    @Test
    void theApiKeyOpensTheGuardedEndpoints() {
        server.servingBusyCluster();
        requireApiKey("sk-cluster-key");

        HealthRecord record = probe(server.endpoint(), new ApiKeyAuthenticator("sk-cluster-key"), PATIENT);

        assertTrue(record.up());
        assertEquals(List.of("tiny-random-llama"), record.servedModels());
        assertEquals(2, record.requestsProcessing());
    }

    @Test
    void withoutTheApiKeyTheClusterIsUpButItsDetailsUnknown() {
        server.servingBusyCluster();
        requireApiKey("sk-cluster-key");

        HealthRecord record = probe(server.endpoint(), NoAuthentication.INSTANCE, PATIENT);

        assertTrue(record.up());
        assertEquals(List.of(), record.servedModels());
        assertNull(record.requestsProcessing());
        assertNull(record.busySlots());
    }

    /** Like a cluster-side proxy checking the router's HMAC signature on every route. */
    private void requireHmac(String secret) {
        HmacVerifier verifier = new HmacVerifier(secret, CLOCK);
        server.guardedBy(exchange -> {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                HmacVerifier.Verdict verdict = verifier.verify(exchange.getRequestMethod(),
                        HmacScheme.pathAndQuery(exchange.getRequestURI()),
                        exchange.getRequestHeaders()::getFirst, body);
                return verdict == HmacVerifier.Verdict.ACCEPTED
                        ? null
                        : new LoopbackLlamaServer.Reply(401, JSON,
                                "{\"error\":{\"code\":401,\"message\":\"signature " + verdict + "\",\"type\":\"authentication_error\"}}");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void hmacSignedProbesPassAVerifyingProxy() {
        server.servingBusyCluster();
        requireHmac("cluster-shared-secret");

        HealthRecord record = probe(server.endpoint(), new HmacAuthenticator("cluster-shared-secret", CLOCK), PATIENT);

        assertTrue(record.up());
        assertEquals(List.of("tiny-random-llama"), record.servedModels());
        assertEquals(2, record.busySlots());
    }

    @Test
    void aWrongHmacSecretIsDown() {
        server.servingBusyCluster();
        requireHmac("cluster-shared-secret");

        HealthRecord record = probe(server.endpoint(), new HmacAuthenticator("another-secret", CLOCK), PATIENT);

        assertFalse(record.up());
        assertEquals("HTTP 401 signature BAD_SIGNATURE", record.reason());
    }

    @Test
    void forClusterBuildsTheAuthenticatorFromConfig() {
        server.servingBusyCluster();
        requireApiKey("sk-from-config");
        ClusterConfig config = new ClusterConfig("gpu-b", server.endpoint(), "us-east-1", CloudProvider.AWS, 1.2, null,
                null, List.of(), null, new ClusterAuth(io.llmrouter.config.AuthType.API_KEY, null, "sk-from-config", null, null, null));

        try (ClusterProbe probe = ClusterProbe.forCluster(config, PATIENT, CLOCK)) {
            HealthRecord record = probe.probe();

            assertTrue(record.up());
            assertEquals(List.of("tiny-random-llama"), record.servedModels());
            assertFalse(probe.toString().contains("sk-from-config"), probe.toString());
        }
    }
}
