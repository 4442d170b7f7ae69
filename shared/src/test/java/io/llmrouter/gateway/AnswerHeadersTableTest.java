package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.health.Fixtures;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.RoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every kind of answer the router gives, with the x-router-* headers it carries (README, "Requests and
 * answers"): {@code x-router-reason} and {@code x-router-attempts} on every one,
 * {@code x-router-target} only on a target's answer, {@code x-router-cost-usd} when that answer reported
 * its usage. One loopback server plays the clusters; which one answers how depends on the model asked.
 * The routing state is in DynamoDB Local.
 */
class AnswerHeadersTableTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT_KEY = "sk-headers-test-0123456789";
    static final String ADMIN_KEY = "admin-secret";
    /** In a target's answer, the reason is the one the router gave for choosing it (as explain shows it). */
    static final String CHOSEN_TARGETS_REASON = "the chosen target's reason";
    static final Map<String, String> SSE = Map.of("Content-Type", "text/event-stream");

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static LoopbackLlamaServer clusters;
    static RouterGateway gateway;
    /** Its routing state cannot be read: every load fails. */
    static RouterGateway withoutState;
    /** Its store breaks its contract (no snapshot, no exception): a bug the last guard answers for. */
    static RouterGateway broken;

    @BeforeAll
    static void deploy() {
        String stream = Fixtures.llamaServer("chat-completion-stream.txt");
        // The first two events, then the connection ends: no finish, no usage, no [DONE].
        String cutStream = stream.substring(0, stream.indexOf("\n\n", stream.indexOf("\n\n") + 2) + 2);
        clusters = LoopbackLlamaServer.http().on("/v1/chat/completions", exchange -> {
            String body = bodyOf(exchange);
            if (body.contains("\"model\":\"picky\"")) {
                return new LoopbackLlamaServer.Reply(400, LoopbackLlamaServer.JSON,
                        "{\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size\","
                                + "\"type\":\"exceed_context_size_error\"}}");
            }
            if (body.contains("\"model\":\"cut\"")) {
                return new LoopbackLlamaServer.Reply(200, SSE, cutStream);
            }
            if (body.contains("\"stream\":true")) {
                return new LoopbackLlamaServer.Reply(200, SSE, stream);
            }
            return new LoopbackLlamaServer.Reply(200, LoopbackLlamaServer.JSON, Fixtures.llamaServer("chat-completion.json"));
        });
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {adminKey: %s}
                clusters:
                  - {name: gpu, endpoint: "%s", costPerHour: 0.09, models: [tiny]}
                  - {name: strict, endpoint: "%s", costPerHour: 0.09, models: [picky]}
                  - {name: flaky, endpoint: "%s", costPerHour: 0.09, models: [cut]}
                  - {name: gone, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [gone]}
                  - {name: sick, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [sick]}
                externalProviders:
                  - {name: anthropic, type: anthropic, apiKey: test-key, baseUrl: "http://127.0.0.1:9", defaultModel: claude-x}
                auth:
                  clientKeys: [{name: team, sha256: %s}]
                store: {tableName: %s}
                """.formatted(ADMIN_KEY, clusters.endpoint(), clusters.endpoint(), clusters.endpoint(),
                KeySecrets.sha256Hex(CLIENT_KEY), dynamo.newTableName("answer-headers")), Map.of());
        Instant now = Instant.now();
        StateTable.createIfMissing(dynamo.client(), config.store().tableName());
        RoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), config.store());
        for (String cluster : List.of("gpu", "strict", "flaky", "gone")) {
            store.putHealth(new HealthRecord(cluster, true, "ok", now, 3L, 15.0, 100.0, null, null, 0, 0, 0, 2, 4096,
                    List.of(), "boot-1"));
            store.putCost(new CostRecord(cluster, CostRecord.ANY_MODEL, 0.002, 0.002, null, 15.0, null,
                    CostBasis.LIVE_THROUGHPUT, "test", now));
        }
        store.putHealth(HealthRecord.down("sick", "connect refused", now, null));
        store.putCost(new CostRecord("anthropic", "claude-x", 0.003, 0.015, null, null, 200_000, CostBasis.PRICE_FEED,
                "test", now));
        gateway = RouterGateway.assemble(config, store, ForwardSettings.defaults(), Clock.systemUTC());
        withoutState = RouterGateway.assemble(config, unreachable(config.store()), ForwardSettings.defaults(),
                Clock.systemUTC());
        broken = RouterGateway.assemble(config, returningNoSnapshot(store), ForwardSettings.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        clusters.close();
    }

    static String bodyOf(HttpExchange exchange) {
        try {
            return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String chat(String model, String more) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]" + more + "}";
    }

    static HttpCall post(String path, String body) {
        return call("POST", path, Map.of("content-type", "application/json", "authorization", "Bearer " + CLIENT_KEY),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpCall call(String method, String path, Map<String, String> headers, byte[] body) {
        return new HttpCall(method, path, headers, body);
    }

    static HttpCall admin(String method, String path, String body) {
        return call(method, path, Map.of("content-type", "application/json", "authorization", "Bearer " + ADMIN_KEY),
                body.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> answers() {
        String stream = ",\"stream\":true";
        byte[] latin1 = chat("tiny", "").replace("Hi", "caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        Map<String, String> key = Map.of("authorization", "Bearer " + CLIENT_KEY);
        Map<String, String> keyAndText = Map.of("authorization", "Bearer " + CLIENT_KEY, "content-type", "text/plain");
        Supplier<RouterGateway> usual = () -> gateway;
        return Stream.of(
                // A target's answer: its target, why it was chosen, the attempts it took, its cost.
                row("a cluster's completion", usual, post("/v1/chat/completions", chat("tiny", "")),
                        200, "gpu", CHOSEN_TARGETS_REASON, 1, true),
                row("a cluster's stream", usual, post("/v1/chat/completions", chat("tiny", stream)),
                        200, "gpu", CHOSEN_TARGETS_REASON, 1, true),
                row("a stream cut after its first event", usual, post("/v1/chat/completions", chat("cut", stream)),
                        200, "flaky", CHOSEN_TARGETS_REASON, 1, false),
                row("a cluster's own 4xx, passed back", usual, post("/v1/chat/completions", chat("picky", "")),
                        400, "strict", CHOSEN_TARGETS_REASON, 1, false),
                // Targets were tried or considered, and none answered: no target's answer, so no target.
                row("every target failed", usual, post("/v1/chat/completions", chat("gone", "")),
                        502, null, ErrorAnswers.EVERY_TARGET_FAILED, 1, false),
                row("no target can take the request", usual, post("/v1/completions",
                                "{\"model\":\"claude-x\",\"prompt\":\"Once\"}"),
                        400, null, ErrorAnswers.NO_TARGET_CAN_TAKE_IT, 1, false),
                // The router answered from its own state: nothing was tried.
                row("no healthy target", usual, post("/v1/chat/completions", chat("sick", "")),
                        503, null, ErrorAnswers.NO_HEALTHY_TARGET, 0, false),
                row("unknown model", usual, post("/v1/chat/completions", chat("no-such-model", "")),
                        404, null, ErrorAnswers.UNKNOWN_MODEL, 0, false),
                row("broken JSON", usual, post("/v1/chat/completions", "{not json"),
                        400, null, ErrorAnswers.INVALID_REQUEST, 0, false),
                row("a field out of range", usual, post("/v1/chat/completions", chat("tiny", ",\"temperature\":9")),
                        400, null, ErrorAnswers.INVALID_REQUEST, 0, false),
                row("a legacy completion without a prompt", usual, post("/v1/completions", "{\"model\":\"tiny\"}"),
                        400, null, ErrorAnswers.INVALID_REQUEST, 0, false),
                row("bytes that are not UTF-8", usual, call("POST", "/v1/chat/completions", key, latin1),
                        400, null, ErrorAnswers.INVALID_REQUEST, 0, false),
                row("a body over 6 MB", usual, post("/v1/chat/completions", chat("tiny", ",\"pad\":\"" + "x".repeat(6 << 20) + "\"")),
                        413, null, ErrorAnswers.REQUEST_TOO_LARGE, 0, false),
                row("a Content-Type that is not JSON", usual, call("POST", "/v1/chat/completions", keyAndText,
                                chat("tiny", "").getBytes(StandardCharsets.UTF_8)),
                        415, null, ErrorAnswers.UNSUPPORTED_MEDIA_TYPE, 0, false),
                row("no client key", usual, call("POST", "/v1/chat/completions", Map.of(),
                                chat("tiny", "").getBytes(StandardCharsets.UTF_8)),
                        401, null, ErrorAnswers.UNAUTHORIZED, 0, false),
                row("an admin endpoint with a client key", usual, call("GET", "/v1/router/state", key, new byte[0]),
                        401, null, ErrorAnswers.UNAUTHORIZED, 0, false),
                row("an unknown URL", usual, call("GET", "/v1/embeddings", key, new byte[0]),
                        404, null, ErrorAnswers.UNKNOWN_URL, 0, false),
                row("the model list", usual, call("GET", "/v1/models", key, new byte[0]),
                        200, null, "model list", 0, false),
                row("the health summary", usual, call("GET", "/health", Map.of(), new byte[0]),
                        200, null, "health summary", 0, false),
                row("the routing state", usual, admin("GET", "/v1/router/state", ""),
                        200, null, "routing state", 0, false),
                row("a routing explanation", usual, admin("POST", "/v1/router/explain", chat("tiny", "")),
                        200, null, "routing explanation", 0, false),
                row("an explanation of broken JSON", usual, admin("POST", "/v1/router/explain", "{not json"),
                        400, null, ErrorAnswers.INVALID_REQUEST, 0, false),
                row("routing state unavailable", () -> withoutState, post("/v1/chat/completions", chat("tiny", "")),
                        503, null, ErrorAnswers.ROUTING_STATE_UNAVAILABLE, 0, false),
                row("health without routing state", () -> withoutState, call("GET", "/health", Map.of(), new byte[0]),
                        503, null, ErrorAnswers.ROUTING_STATE_UNAVAILABLE, 0, false),
                row("a failure of the router itself", () -> broken, post("/v1/chat/completions", chat("tiny", "")),
                        500, null, ErrorAnswers.ROUTER_FAILURE, 0, false));
    }

    static Arguments row(String name, Supplier<RouterGateway> gateway, HttpCall call, int status, String target,
                         String reason, int attempts, boolean cost) {
        return arguments(name, gateway, call, status, target, reason, attempts, cost);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void carriesTheHeadersThatMeanSomethingForIt(String name, Supplier<RouterGateway> which, HttpCall call, int status,
                                                 String target, String reason, int attempts, boolean cost)
            throws Exception {
        HttpAnswer answer = which.get().handle(call);
        Map<String, String> headers = answer.headers();

        assertEquals(status, answer.status(), name + ": " + answer.bodyText());
        assertEquals(target, headers.get("x-router-target"), headers.toString());
        String expectedReason = CHOSEN_TARGETS_REASON.equals(reason) ? explainedReason(call) : reason;
        assertEquals(expectedReason, headers.get("x-router-reason"), headers.toString());
        assertEquals(String.valueOf(attempts), headers.get("x-router-attempts"), headers.toString());
        assertEquals(cost, headers.containsKey("x-router-cost-usd"), headers.toString());
        assertFalse(headers.containsKey("x-router-savings-usd"), "no savings baseline is configured");
        if (target == null && status >= 400) {
            assertTrue(JSON.readTree(answer.body()).path("error").path("message").isTextual(),
                    "the router's own refusals are in OpenAI's error shape: " + answer.bodyText());
        }
    }

    /**
     * The same answers through a streaming carrier ({@link RouterGateway#handle(HttpCall, AnswerSink)}): the
     * same status and head, except that a streamed completion's head leaves before its cost is known, so the
     * cost comes as the stream's closing comment line (after {@code [DONE]}) instead of as a header.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void carriesTheSameHeadWhenStreamedWithTheCostLast(String name, Supplier<RouterGateway> which, HttpCall call,
                                                         int status, String target, String reason, int attempts,
                                                         boolean cost) throws Exception {
        RecordingAnswerSink sink = new RecordingAnswerSink();
        which.get().handle(call, sink);

        assertEquals(1, sink.heads, "one head, before any of the body");
        assertEquals(status, sink.status, name + ": " + sink.bodyText());
        Map<String, String> head = sink.headers;
        assertEquals(target, head.get("x-router-target"), head.toString());
        String expectedReason = CHOSEN_TARGETS_REASON.equals(reason) ? explainedReason(call) : reason;
        assertEquals(expectedReason, head.get("x-router-reason"), head.toString());
        assertEquals(String.valueOf(attempts), head.get("x-router-attempts"), head.toString());
        boolean streamed = "text/event-stream".equals(head.get("content-type"));
        String body = sink.bodyText();
        if (streamed) {
            assertFalse(head.containsKey("x-router-cost-usd"), "a stream's head leaves before its cost is known");
            assertEquals(cost, body.matches("(?s).*data: \\[DONE]\n\n: x-router-cost-usd: \\d+\\.\\d{8}\n\n"), body);
            assertTrue(sink.parts > 1 || !cost, "a stream is written in parts: " + sink.parts);
        } else {
            assertEquals(cost, head.containsKey("x-router-cost-usd"), head.toString());
            assertFalse(body.contains(": x-router-cost-usd"), body);
        }
    }

    /** What a streaming carrier was given: the head, and the body's parts. */
    static final class RecordingAnswerSink implements AnswerSink {
        int heads;
        int status;
        Map<String, String> headers = Map.of();
        int parts;
        final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();

        @Override
        public void head(int status, Map<String, String> headers) {
            assertEquals(0, body.size(), "the head comes before the body");
            heads++;
            this.status = status;
            this.headers = headers;
        }

        @Override
        public void write(byte[] part) {
            parts++;
            body.writeBytes(part);
        }

        String bodyText() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    /** The reason the router gives for its first candidate for this request, as /v1/router/explain shows it. */
    static String explainedReason(HttpCall call) throws IOException {
        HttpAnswer explained = gateway.handle(admin("POST", "/v1/router/explain",
                new String(call.body(), StandardCharsets.UTF_8)));
        String reason = JSON.readTree(explained.body()).path("candidates").path(0).path("reason").asText(null);
        assertNotNull(reason, explained.bodyText());
        return reason;
    }

    /** A real store with one defect put in: its load breaks the contract (no snapshot, no exception). */
    static RoutingStateStore returningNoSnapshot(RoutingStateStore real) {
        return new RoutingStateStore() {
            @Override
            public boolean putHealth(HealthRecord record) {
                return real.putHealth(record);
            }

            @Override
            public boolean putCost(CostRecord record) {
                return real.putCost(record);
            }

            @Override
            public boolean putBreaker(BreakerState state, long expectedVersion) {
                return real.putBreaker(state, expectedVersion);
            }

            @Override
            public BreakerWrite putBreakerOrRead(BreakerState state, long expectedVersion) {
                return real.putBreakerOrRead(state, expectedVersion);
            }

            @Override
            public RoutingSnapshot loadSnapshot() {
                return null;
            }
        };
    }

    /** A store on a port where nothing listens, without the SDK's retries: every load fails at once. */
    static RoutingStateStore unreachable(StoreSettings settings) {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DynamoDbClient client = LocalDynamoServer.clientBuilder(URI.create("http://127.0.0.1:" + port))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
        return new DynamoRoutingStateStore(client, settings);
    }
}
