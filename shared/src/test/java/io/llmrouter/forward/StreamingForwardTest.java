package io.llmrouter.forward;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.sse.SseEvent;
import io.llmrouter.forward.sse.SseReader;
import io.llmrouter.health.Fixtures;
import io.llmrouter.routing.Candidate;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A streamed answer goes to the client's {@link EventSink} event by event, as the upstream sends them:
 * the upstream here holds its second event back until the client has received the first, so a relay
 * that collected the stream would never finish. Also: what a client that goes away, an upstream that
 * stalls, and a target that fails before its first event do to the stream and to the breakers.
 */
class StreamingForwardTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private static final ObjectMapper JSON = new ObjectMapper();
    /** llama-server's stream, event by event: role, content deltas, finish, usage, [DONE]. */
    private static final List<String> EVENTS = Arrays.stream(
                    Fixtures.llamaServer("chat-completion-stream.txt").split("\n\n"))
            .filter(event -> !event.isBlank()).map(event -> event.strip() + "\n\n").toList();

    @Test
    @Timeout(30)
    void eachEventReachesTheClientBeforeTheUpstreamSendsTheNext() throws Exception {
        RecordingSink client = new RecordingSink();
        CountDownLatch firstReceived = client.eventsReceived(1);
        try (SseUpstream upstream = SseUpstream.streaming(out -> {
            send(out, EVENTS.get(0));
            // The rest only once the client has the first: a relay that waited for the end would hang here.
            assertTrue(firstReceived.await(20, TimeUnit.SECONDS), "the first event never reached the client");
            for (String event : EVENTS.subList(1, EVENTS.size())) {
                send(out, event);
            }
        })) {
            Setup setup = setup(List.of(upstream.endpoint()));

            ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class,
                    setup.forward(streamRequest(), client, ForwardSettings.defaults()));

            assertEquals(ForwardOutcome.StreamEnd.COMPLETED, answered.streamed().end());
            assertEquals(0, answered.body().length, "the events went to the client, not into a body");
            assertEquals(List.of("first"), client.begunWith, "the head names the target, once");
            assertEquals(1, client.attempts);
            List<String> data = client.eventData();
            assertEquals("[DONE]", data.getLast());
            assertEquals(EVENTS.size() - 1, data.size(), "every event but the usage chunk, which the client did not ask for");
            assertTrue(answered.usage().completionTokens() != null, "the usage is kept for the cost");
            assertEquals("ok", answered.attempts().get(0).outcome());
        }
    }

    @Test
    @Timeout(30)
    void aClientThatGoesAwayHasTheUpstreamRequestCancelledAndNoTargetBlamed() throws Exception {
        RecordingSink client = new RecordingSink();
        client.failOnWrite = 2;
        CountDownLatch upstreamSawTheClose = new CountDownLatch(1);
        try (SseUpstream upstream = SseUpstream.streaming(out -> {
            send(out, EVENTS.get(0));
            send(out, EVENTS.get(1));
            try {
                // A generation that would go on for a long time, unless the router hangs up.
                for (int i = 0; i < 2_000; i++) {
                    Thread.sleep(10);
                    send(out, EVENTS.get(1));
                }
            } catch (java.io.UncheckedIOException e) {
                upstreamSawTheClose.countDown();
            }
        })) {
            Setup setup = setup(List.of(upstream.endpoint()));

            ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class,
                    setup.forward(streamRequest(), client, ForwardSettings.defaults()));

            assertEquals(ForwardOutcome.StreamEnd.CLIENT_DISCONNECTED, answered.streamed().end());
            assertEquals("client disconnected", answered.attempts().get(0).outcome());
            assertTrue(upstreamSawTheClose.await(10, TimeUnit.SECONDS), "the upstream connection was not closed");
            assertEquals(0, setup.failuresOf("first"), "a client going away is not the target's failure");
        }
    }

    @Test
    @Timeout(30)
    void anUpstreamThatStallsMidStreamEndsItWithAnErrorEventAfterTheIdleLimit() throws Exception {
        RecordingSink client = new RecordingSink();
        CountDownLatch release = new CountDownLatch(1);
        try (SseUpstream upstream = SseUpstream.streaming(out -> {
            send(out, EVENTS.get(0));
            release.await(20, TimeUnit.SECONDS);
        })) {
            Setup setup = setup(List.of(upstream.endpoint()));
            ForwardSettings idleAfter300ms = new ForwardSettings(Duration.ofSeconds(27), Duration.ofSeconds(5), 3,
                    Duration.ofSeconds(20), Duration.ofMillis(300));

            ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class,
                    setup.forward(streamRequest(), client, idleAfter300ms));
            release.countDown();

            assertEquals(ForwardOutcome.StreamEnd.INTERRUPTED, answered.streamed().end());
            List<String> data = client.eventData();
            assertFalse(data.contains("[DONE]"), "an interrupted stream must not look complete");
            assertEquals("stream_interrupted", JSON.readTree(data.getLast()).at("/error/code").asText(), data.getLast());
            assertTrue(answered.attempts().get(0).outcome().contains("sent nothing for"), answered.attempts().toString());
            assertEquals(1, setup.failuresOf("first"), "a stalled stream counts against its target");
        }
    }

    @Test
    @Timeout(30)
    void aTargetWhoseStreamEndsBeforeItsFirstEventIsFailedOverWithNothingSentToTheClient() throws Exception {
        RecordingSink client = new RecordingSink();
        try (SseUpstream empty = SseUpstream.streaming(out -> { });
             SseUpstream good = SseUpstream.streaming(out -> EVENTS.forEach(event -> send(out, event)))) {
            Setup setup = setup(List.of(empty.endpoint(), good.endpoint()));

            ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class,
                    setup.forward(streamRequest(), client, ForwardSettings.defaults()));

            assertEquals("second", answered.candidate().target().name());
            assertEquals(List.of("second"), client.begunWith, "one head, for the target whose events the client reads");
            assertEquals(2, client.attempts, "the head counts the failed attempt too");
            assertEquals(EVENTS.size() - 1, client.eventData().size());
            assertEquals(1, setup.failuresOf("first"));
        }
    }

    @Test
    @Timeout(30)
    void aTargetThatAnswersAStreamRequestWithOneCompletionIsToldToTheClientAsAStream() throws Exception {
        RecordingSink client = new RecordingSink();
        try (SseUpstream json = SseUpstream.json(Fixtures.llamaServer("chat-completion.json"))) {
            Setup setup = setup(List.of(json.endpoint()));

            ForwardOutcome.Answered answered = assertInstanceOf(ForwardOutcome.Answered.class,
                    setup.forward(streamRequest(), client, ForwardSettings.defaults()));

            assertEquals(ForwardOutcome.StreamEnd.COMPLETED, answered.streamed().end());
            assertEquals(List.of("first"), client.begunWith);
            assertEquals("[DONE]", client.eventData().getLast());
        }
    }

    // ------------------------------------------------------------------ fixtures

    private static void send(OutputStream out, String event) {
        try {
            out.write(event.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ObjectNode streamRequest() throws IOException {
        return (ObjectNode) JSON.readTree("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_tokens\":8,\"stream\":true}");
    }

    /** What a client's sink received. */
    static final class RecordingSink implements EventSink {
        final List<String> begunWith = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final List<Map.Entry<Integer, CountDownLatch>> waiting = new ArrayList<>();
        volatile int attempts;
        int writes;
        /** The write (1-based) that fails as a closed connection would; 0: none. */
        int failOnWrite;

        @Override
        public void begin(Candidate candidate, int status, int attempts, List<String> droppedParams) {
            begunWith.add(candidate.target().name());
            this.attempts = attempts;
        }

        @Override
        public synchronized void events(byte[] events) throws IOException {
            if (++writes == failOnWrite) {
                throw new IOException("Broken pipe");
            }
            received.writeBytes(events);
            int count = eventData().size();
            waiting.stream().filter(w -> count >= w.getKey()).forEach(w -> w.getValue().countDown());
        }

        /** A latch that opens once {@code count} events have been received. */
        synchronized CountDownLatch eventsReceived(int count) {
            CountDownLatch latch = new CountDownLatch(1);
            waiting.add(Map.entry(count, latch));
            return latch;
        }

        synchronized List<String> eventData() throws IOException {
            List<String> data = new ArrayList<>();
            SseReader reader = new SseReader(new ByteArrayInputStream(received.toByteArray()));
            for (SseEvent event; (event = reader.next()) != null; ) {
                data.add(event.data());
            }
            return data;
        }
    }

    /** An upstream whose {@code /v1/chat/completions} answers 200 text/event-stream, written by {@code script}. */
    static final class SseUpstream implements AutoCloseable {
        interface Script {
            void write(OutputStream out) throws Exception;
        }

        private final HttpServer server;

        static SseUpstream streaming(Script script) throws IOException {
            return new SseUpstream(exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
                exchange.sendResponseHeaders(200, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    script.write(out);
                } catch (Exception e) {
                    // The router hung up: what some tests wait for.
                }
            });
        }

        private SseUpstream(com.sun.net.httpserver.HttpHandler handler) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            server.createContext("/v1/chat/completions", exchange -> {
                exchange.getRequestBody().readAllBytes();
                handler.handle(exchange);
                exchange.close();
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
        }

        static SseUpstream json(String body) throws IOException {
            return new SseUpstream(exchange -> {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
            });
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Clusters named first, second... at the endpoints, healthy and priced in that order, with breakers in DynamoDB Local. */
    private static Setup setup(List<URI> endpoints) {
        String[] names = {"first", "second"};
        StringBuilder clusters = new StringBuilder();
        List<HealthRecord> health = new ArrayList<>();
        List<CostRecord> costs = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < endpoints.size(); i++) {
            clusters.append("  - {name: %s, endpoint: \"%s\", costPerHour: 0.05}\n".formatted(names[i], endpoints.get(i)));
            health.add(new HealthRecord(names[i], true, "ok", now, 3L, null, null, null, null, 0, 0, 0, 2, null,
                    List.of(), "boot-1"));
            costs.add(new CostRecord(names[i], CostRecord.ANY_MODEL, 0.001 * (i + 1), 0.001 * (i + 1), null, null, null,
                    CostBasis.LIVE_THROUGHPUT, "test", now));
        }
        // A table per test: each starts from closed breakers.
        String table = "streaming-" + System.nanoTime();
        StateTable.createIfMissing(dynamo.client(), table);
        RouterConfig config = ConfigLoader.fromYaml("router: {routingStrategy: cost}\nclusters:\n" + clusters
                + "store: {tableName: " + table + "}\n", Map.of());
        DynamoRoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), config.store());
        RoutingSnapshot snapshot = RoutingSnapshot.of(health, costs, List.of(), now);
        RoutingDecision decision = new Router(config).decide(new RouteRequest("auto", 10, 8), snapshot, now);
        return new Setup(store, snapshot, decision);
    }

    private record Setup(DynamoRoutingStateStore store, RoutingSnapshot snapshot, RoutingDecision decision) {
        ForwardOutcome forward(ObjectNode body, EventSink sink, ForwardSettings settings) {
            Forwarder forwarder = new Forwarder(new Upstreams(Clock.systemUTC(), Duration.ofSeconds(2)),
                    new CircuitBreakers(store, BreakerPolicy.defaults(), Clock.systemUTC()), settings);
            return forwarder.forward(ClientApi.CHAT_COMPLETIONS, body, decision.candidates(), snapshot, sink);
        }

        int failuresOf(String target) {
            BreakerState breaker = store.loadSnapshot().breakerOf(target).orElse(null);
            return breaker == null ? 0 : breaker.consecutiveFailures();
        }
    }
}
