package io.llmrouter.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.sse.SseEvent;
import io.llmrouter.forward.sse.SseReader;
import io.llmrouter.health.Fixtures;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import io.llmrouter.testing.llama.LoopbackLlamaServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one upstream answer does, as a table: the first-ranked cluster answers in a given way, a
 * healthy second one stands by. Out come where the client's answer came from, with what status, how
 * the first attempt is described, and what the first cluster's circuit breaker (in DynamoDB Local) counts.
 */
class ForwarderTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TYPE_JSON = LoopbackLlamaServer.JSON;
    private static final String OPENAI_ERROR = "{\"error\":{\"code\":400,\"message\":\"'messages' must not be empty\","
            + "\"type\":\"invalid_request_error\"}}";

    /**
     * @param upstream          how the first cluster answers {@code /v1/chat/completions}; null: nothing listens
     * @param answeredBy        which cluster's answer the client gets
     * @param status            the status the client gets
     * @param firstAttempt      what the first attempt's outcome says
     * @param breakerFailures   the first cluster's consecutive failures afterwards; 0: no breaker written
     */
    record Row(String name, Consumer<LoopbackLlamaServer> upstream, String answeredBy, int status, String firstAttempt,
               int breakerFailures) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Row> rows() {
        String completion = Fixtures.llamaServer("chat-completion.json");
        return Stream.of(
                new Row("200 with a completion: answered, nothing written",
                        s -> s.on("/v1/chat/completions", LoopbackLlamaServer.reply(200, TYPE_JSON, completion)),
                        "first", 200, "ok", 0),
                new Row("200 with a body that is not JSON: fails over, counted",
                        s -> s.on("/v1/chat/completions", LoopbackLlamaServer.reply(200, TYPE_JSON, "<html>oops</html>")),
                        "second", 200, "unreadable response", 1),
                new Row("200 with JSON that is no completion: fails over, counted",
                        s -> s.on("/v1/chat/completions", LoopbackLlamaServer.reply(200, TYPE_JSON, "{\"status\":\"ok\"}")),
                        "second", 200, "unreadable response", 1),
                new Row("429: fails over, counted",
                        s -> s.on("/v1/chat/completions", LoopbackLlamaServer.reply(429, TYPE_JSON, OPENAI_ERROR)),
                        "second", 200, "HTTP 429", 1),
                new Row("500: fails over, counted",
                        s -> s.on("/v1/chat/completions", LoopbackLlamaServer.reply(500, TYPE_JSON, OPENAI_ERROR)),
                        "second", 200, "HTTP 500", 1),
                new Row("503 loading model: fails over, counted",
                        s -> s.on("/v1/chat/completions", LoopbackLlamaServer.reply(503, TYPE_JSON,
                                Fixtures.llamaServer("health-loading.json"))),
                        "second", 200, "HTTP 503", 1),
                new Row("400: the client's mistake, returned as is, not counted",
                        s -> s.on("/v1/chat/completions", LoopbackLlamaServer.reply(400, TYPE_JSON, OPENAI_ERROR)),
                        "first", 400, "HTTP 400", 0),
                new Row("no headers within the headers timeout: fails over, counted",
                        s -> s.on("/v1/chat/completions", s.hang()),
                        "second", 200, "timeout", 1),
                new Row("nothing listening: fails over, counted",
                        null, "second", 200, "connect", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void oneUpstreamAnswerInVerdictAndBreakerEffectOut(Row row) throws Exception {
        try (LoopbackLlamaServer first = LoopbackLlamaServer.http();
             LoopbackLlamaServer second = LoopbackLlamaServer.http()) {
            second.on("/v1/chat/completions", LoopbackLlamaServer.reply(200, TYPE_JSON,
                    Fixtures.llamaServer("chat-completion.json")));
            URI firstEndpoint = row.upstream() == null ? closedPort() : first.endpoint();
            if (row.upstream() != null) {
                row.upstream().accept(first);
            }
            StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
            RouterConfig config = ConfigLoader.fromYaml("""
                    router: {routingStrategy: cost}
                    clusters:
                      - {name: first, endpoint: "%s", costPerHour: 0.05}
                      - {name: second, endpoint: "%s", costPerHour: 0.09}
                    store: {tableName: %s}
                    """.formatted(firstEndpoint, second.endpoint(), dynamo.tableName()), Map.of());
            var store = new DynamoRoutingStateStore(dynamo.client(), config.store());
            Instant now = Instant.now();
            RoutingSnapshot snapshot = RoutingSnapshot.of(
                    List.of(up("first", now), up("second", now)),
                    List.of(price("first", 0.001, now), price("second", 0.002, now)), List.of(), now);
            RoutingDecision decision = new Router(config).decide(new RouteRequest("auto", 10, 8), snapshot, now);
            assertEquals(List.of("first", "second"), decision.candidates().stream().map(c -> c.target().name()).toList());
            Forwarder forwarder = new Forwarder(new Upstreams(Clock.systemUTC(), Duration.ofSeconds(2)),
                    new CircuitBreakers(store, BreakerPolicy.defaults(), Clock.systemUTC()),
                    new ForwardSettings(Duration.ofSeconds(10), Duration.ofSeconds(1), 3));

            ForwardOutcome outcome = forwarder.forward(ClientApi.CHAT_COMPLETIONS, chat(), decision.candidates(), snapshot);

            ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class, outcome);
            assertEquals(row.answeredBy(), answered.candidate().target().name());
            assertEquals(row.status(), answered.status());
            String attempt = outcome.attempts().get(0).outcome();
            assertTrue(attempt.toLowerCase().contains(row.firstAttempt().toLowerCase()), attempt);
            assertEquals(row.answeredBy().equals("first") ? 1 : 2, outcome.attempts().size());
            BreakerState breaker = store.loadSnapshot().breakerOf("first").orElse(null);
            assertEquals(row.breakerFailures(), breaker == null ? 0 : breaker.consecutiveFailures(), String.valueOf(breaker));
            if (row.status() == 400) {
                assertEquals("invalid_request_error", JSON.readTree(answered.body()).path("error").path("type").asText(),
                        "the client gets the upstream's error in OpenAI's shape");
            }
        }
    }

    /**
     * A client that asked for a stream reads server-sent events; a target that answers the call with one JSON
     * completion (it cannot stream) is told to the client as a stream, not as a body its SDK cannot read.
     */
    @Test
    void aCompletionAnsweringAStreamRequestIsToldAsAStream() throws Exception {
        try (LoopbackLlamaServer cluster = LoopbackLlamaServer.http()) {
            String completion = Fixtures.llamaServer("chat-completion.json");
            cluster.on("/v1/chat/completions", LoopbackLlamaServer.reply(200, TYPE_JSON, completion));
            ObjectNode streamed = chat();
            streamed.put("stream", true);
            streamed.putObject("stream_options").put("include_usage", true);

            ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class,
                    forwardToOne(cluster.endpoint(), ClientApi.CHAT_COMPLETIONS, streamed, PATIENT));

            assertEquals("text/event-stream", answered.headers().get("Content-Type"));
            List<String> data = eventData(answered.body());
            assertEquals("[DONE]", data.getLast());
            List<JsonNode> chunks = new ArrayList<>();
            for (String chunk : data.subList(0, data.size() - 1)) {
                chunks.add(JSON.readTree(chunk));
            }
            JsonNode original = JSON.readTree(completion);
            assertEquals("assistant", chunks.getFirst().at("/choices/0/delta/role").asText());
            StringBuilder content = new StringBuilder();
            chunks.forEach(c -> content.append(c.at("/choices/0/delta/content").asText("")));
            assertEquals(original.at("/choices/0/message/content").asText(), content.toString());
            assertTrue(chunks.stream().allMatch(c -> c.path("object").asText().equals("chat.completion.chunk")));
            String finishReason = original.at("/choices/0/finish_reason").asText();
            assertTrue(chunks.stream().anyMatch(c -> c.at("/choices/0/finish_reason").asText().equals(finishReason)),
                    data.toString());
            assertEquals(original.at("/usage/total_tokens").asInt(), chunks.getLast().at("/usage/total_tokens").asInt(),
                    "the usage chunk comes last, as include_usage asked");
        }
    }

    /** The same for a legacy text completion: one chunk with the whole text, the usage asked for, {@code [DONE]}. */
    @Test
    void aTextCompletionAnsweringAStreamRequestIsToldAsAStream() throws Exception {
        String completion = """
                {"id":"cmpl-7","object":"text_completion","created":1795339254,"model":"tiny-random-llama",
                 "choices":[{"text":" there was a router","index":0,"logprobs":null,"finish_reason":"length"}],
                 "usage":{"prompt_tokens":4,"completion_tokens":5,"total_tokens":9}}""";
        try (LoopbackLlamaServer cluster = LoopbackLlamaServer.http()) {
            cluster.on("/v1/completions", LoopbackLlamaServer.reply(200, TYPE_JSON, completion));
            ObjectNode streamed = (ObjectNode) JSON.readTree("{\"model\":\"auto\",\"prompt\":\"Once upon a time\","
                    + "\"max_tokens\":5,\"stream\":true,\"stream_options\":{\"include_usage\":true}}");

            ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class,
                    forwardToOne(cluster.endpoint(), ClientApi.LEGACY_COMPLETIONS, streamed, PATIENT));

            assertEquals("text/event-stream", answered.headers().get("Content-Type"));
            List<String> data = eventData(answered.body());
            assertEquals(3, data.size(), data.toString());
            JsonNode text = JSON.readTree(data.get(0));
            assertEquals("text_completion", text.path("object").asText());
            assertEquals(" there was a router", text.at("/choices/0/text").asText());
            assertEquals("length", text.at("/choices/0/finish_reason").asText());
            assertEquals(9, JSON.readTree(data.get(1)).at("/usage/total_tokens").asInt());
            assertEquals("[DONE]", data.get(2));
        }
    }

    /** The data of each server-sent event in {@code body}. */
    private static List<String> eventData(byte[] body) throws IOException {
        List<String> data = new ArrayList<>();
        SseReader reader = new SseReader(new ByteArrayInputStream(body));
        for (SseEvent event; (event = reader.next()) != null; ) {
            data.add(event.data());
        }
        return data;
    }

    private static final ForwardSettings PATIENT = new ForwardSettings(Duration.ofSeconds(10), Duration.ofSeconds(5), 3);

    /** {@code body} forwarded to a single cluster at {@code endpoint}, healthy and priced. */
    private static ForwardOutcome forwardToOne(URI endpoint, ClientApi api, ObjectNode body, ForwardSettings settings)
            throws IOException {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {routingStrategy: cost}
                clusters:
                  - {name: first, endpoint: "%s", costPerHour: 0.05}
                store: {tableName: %s}
                """.formatted(endpoint, dynamo.tableName()), Map.of());
        Instant now = Instant.now();
        RoutingSnapshot snapshot = RoutingSnapshot.of(List.of(up("first", now)), List.of(price("first", 0.001, now)),
                List.of(), now);
        RoutingDecision decision = new Router(config).decide(new RouteRequest("auto", 10, 8), snapshot, now);
        Forwarder forwarder = new Forwarder(new Upstreams(Clock.systemUTC(), Duration.ofSeconds(2)),
                new CircuitBreakers(new DynamoRoutingStateStore(dynamo.client(), config.store()),
                        BreakerPolicy.defaults(), Clock.systemUTC()),
                settings);
        return forwarder.forward(api, body, decision.candidates(), snapshot);
    }

    /**
     * A body that keeps trickling (one byte every 100 ms, never complete) would hold a read open forever if
     * only each read were bounded; the whole body is bounded by the request's time budget.
     */
    @Test
    @Timeout(20)
    void aBodyThatTricklesPastTheBudgetIsCutThere() throws Exception {
        try (ServerSocket trickler = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> trickle(trickler));

            ForwardOutcome outcome = forwardToOne(URI.create("http://127.0.0.1:" + trickler.getLocalPort()),
                    ClientApi.CHAT_COMPLETIONS, chat(), new ForwardSettings(Duration.ofMillis(1_500), Duration.ofSeconds(1), 3));

            assertInstanceOf(ForwardOutcome.Exhausted.class, outcome);
            assertEquals("upstream response stalled past the time budget", outcome.attempts().get(0).outcome());
        }
    }

    /** Answers one request with headers promising a large body, then sends it a byte at a time until cut off. */
    private static void trickle(ServerSocket server) {
        try (Socket socket = server.accept()) {
            socket.getInputStream().read(new byte[8192]);
            OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
                    .getBytes(StandardCharsets.US_ASCII));
            while (true) {
                out.flush();
                Thread.sleep(100);
                out.write(' ');
            }
        } catch (IOException | InterruptedException e) {
            // The router closed the connection: what the test waits for.
        }
    }

    private static ObjectNode chat() throws IOException {
        return (ObjectNode) JSON.readTree("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_tokens\":8}");
    }

    private static HealthRecord up(String cluster, Instant at) {
        return new HealthRecord(cluster, true, "ok", at, 3L, null, null, null, null, 0, 0, 0, 2, null, List.of(), "boot-1");
    }

    private static CostRecord price(String cluster, double per1k, Instant at) {
        return new CostRecord(cluster, CostRecord.ANY_MODEL, per1k, per1k, null, null, null, CostBasis.LIVE_THROUGHPUT,
                "test", at);
    }

    private static URI closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
