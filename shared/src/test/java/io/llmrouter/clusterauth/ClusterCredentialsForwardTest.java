package io.llmrouter.clusterauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.forward.CircuitBreakers;
import io.llmrouter.forward.ClientApi;
import io.llmrouter.forward.ForwardOutcome;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.forward.Forwarder;
import io.llmrouter.forward.Upstreams;
import io.llmrouter.health.Fixtures;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chat completion forwarded to clusters that check who sends it: one behind HTTPS that demands a client
 * certificate from its CA, one behind a proxy that verifies the HMAC signature over the exact bytes it receives.
 * The configured credentials get through; without them the attempt fails and counts against the cluster.
 */
class ClusterCredentialsForwardTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    @TempDir
    static Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "cluster-shared-secret";
    private static Path caPem;
    private static LoopbackLlamaServer tlsCluster;
    private static LoopbackLlamaServer signedCluster;

    @BeforeAll
    static void startClusters() {
        TestPki.Issued ca = TestPki.authority("cluster-ca");
        caPem = TestPki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
        TestPki.writeClient(ca, "client", TestPki.ecKeys(), dir);
        String completion = Fixtures.llamaServer("chat-completion.json");
        tlsCluster = LoopbackLlamaServer.httpsRequiringClientCertificate(TestPki.loopbackServerContext(ca, caPem, dir))
                .on("/v1/chat/completions", LoopbackLlamaServer.reply(200, LoopbackLlamaServer.JSON, completion));
        HmacVerifier verifier = new HmacVerifier(SECRET, Clock.systemUTC());
        signedCluster = LoopbackLlamaServer.http()
                .guardedBy(exchange -> {
                    byte[] body;
                    try {
                        body = exchange.getRequestBody().readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    HmacVerifier.Verdict verdict = verifier.verify(exchange.getRequestMethod(),
                            exchange.getRequestURI().getRawPath(), exchange.getRequestHeaders()::getFirst, body);
                    return verdict == HmacVerifier.Verdict.ACCEPTED ? null
                            : new LoopbackLlamaServer.Reply(401, LoopbackLlamaServer.JSON, "{\"error\":\"" + verdict + "\"}");
                })
                .on("/v1/chat/completions", LoopbackLlamaServer.reply(200, LoopbackLlamaServer.JSON, completion));
    }

    @AfterAll
    static void stopClusters() {
        tlsCluster.close();
        signedCluster.close();
    }

    @Test
    void theClientCertificateGetsTheAnswer() throws IOException {
        ForwardOutcome outcome = forward("""
                {name: secure, endpoint: "%s", costPerHour: 1.0, authType: mtls,
                 clientCert: "%s", clientKey: "%s", caCert: "%s"}
                """.formatted(tlsCluster.endpoint(), dir.resolve("client-cert.pem"), dir.resolve("client-key.pem"), caPem));

        ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class, outcome);
        assertEquals(200, answered.status());
        assertEquals("chat.completion", JSON.readTree(answered.body()).path("object").asText());
    }

    @Test
    void withoutAClientCertificateTheAttemptFails() throws IOException {
        ForwardOutcome outcome = forward("""
                {name: secure, endpoint: "%s", costPerHour: 1.0, caCert: "%s"}
                """.formatted(tlsCluster.endpoint(), caPem));

        assertInstanceOf(ForwardOutcome.Exhausted.class, outcome);
        String attempt = outcome.attempts().get(0).outcome();
        // TLS 1.3 refuses the certificate after the client's side of the handshake: an alert, or a reset.
        assertTrue(attempt.startsWith("TLS") || attempt.startsWith("I/O error") || attempt.startsWith("connection closed"),
                attempt);
    }

    @Test
    void theSignatureCoversTheBytesTheClusterReceives() throws IOException {
        ForwardOutcome outcome = forward("""
                {name: signed, endpoint: "%s", costPerHour: 1.0, authType: hmac, sharedSecret: "%s"}
                """.formatted(signedCluster.endpoint(), SECRET));

        ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class, outcome);
        assertEquals(200, answered.status(), new String(answered.body()));
    }

    @Test
    void aWrongSecretIsTheClusterRefusingTheCall() throws IOException {
        ForwardOutcome outcome = forward("""
                {name: signed, endpoint: "%s", costPerHour: 1.0, authType: hmac, sharedSecret: "another-secret-entirely"}
                """.formatted(signedCluster.endpoint()));

        ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class, outcome);
        assertEquals(401, answered.status());
    }

    private static ForwardOutcome forward(String clusterYaml) throws IOException {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {routingStrategy: cost}
                clusters:
                  - %s
                store: {tableName: %s}
                """.formatted(clusterYaml.strip().replace("\n", " "), dynamo.tableName()), Map.of());
        String name = config.clusters().get(0).name();
        Instant now = Instant.now();
        RoutingSnapshot snapshot = RoutingSnapshot.of(
                List.of(new HealthRecord(name, true, "ok", now, 3L, null, null, null, null, 0, 0, 0, 2, null, List.of(), "boot-1")),
                List.of(new CostRecord(name, CostRecord.ANY_MODEL, 0.001, 0.001, null, null, null, CostBasis.LIVE_THROUGHPUT,
                        "test", now)),
                List.of(), now);
        var candidates = new Router(config).decide(new RouteRequest("auto", 10, 8), snapshot, now).candidates();
        Forwarder forwarder = new Forwarder(new Upstreams(Clock.systemUTC(), Duration.ofSeconds(2)),
                new CircuitBreakers(new DynamoRoutingStateStore(dynamo.client(), config.store()), BreakerPolicy.defaults(),
                        Clock.systemUTC()),
                new ForwardSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), 1));
        ObjectNode chat = (ObjectNode) JSON.readTree("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_tokens\":8}");
        return forwarder.forward(ClientApi.CHAT_COMPLETIONS, chat, candidates, snapshot);
    }
}
