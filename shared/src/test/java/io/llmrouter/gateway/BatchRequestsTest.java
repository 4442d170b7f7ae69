package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.llmrouter.batch.Batch;
import io.llmrouter.batch.BatchPlacement;
import io.llmrouter.batch.ItemExecutor;
import io.llmrouter.batch.ItemResult;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A batch request on the gateway's own request path, against two loopback clusters: the placement narrows the
 * candidates (an idle cluster even when another is cheaper; the cheapest when urgent), the answer is priced as a live
 * one's, and what the request path refuses is the item's answer, not an error of the runner.
 */
class BatchRequestsTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String REQUEST = "{\"model\":\"auto\",\"stream\":true,\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

    private final Map<String, HttpServer> clusters = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> status = new ConcurrentHashMap<>();
    private final List<io.llmrouter.metrics.RequestOutcome> observed = new CopyOnWriteArrayList<>();
    private ItemExecutor requests;

    @BeforeEach
    void deploy() throws Exception {
        for (String name : List.of("cheap", "pricey")) {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                received.add(name + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                byte[] body = ("{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"tiny\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":\"hi from " + name + "\"},\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":1000,\"total_tokens\":2000}}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status.getOrDefault(name, 200), body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
            clusters.put(name, server);
        }
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {routingStrategy: cost, savingsBaseline: pricey/tiny}
                clusters:
                  - {name: cheap, endpoint: "http://127.0.0.1:%d", costPerHour: 0.01}
                  - {name: pricey, endpoint: "http://127.0.0.1:%d", costPerHour: 0.05}
                store: {tableName: %s, partition: batch-requests-%d}
                """.formatted(port("cheap"), port("pricey"), dynamo.tableName(), System.nanoTime()), Map.of());
        DynamoRoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), config.store(), Clock.systemUTC());
        Instant now = Instant.now();
        for (String name : List.of("cheap", "pricey")) {
            store.putHealth(new HealthRecord(name, true, "ok", now, 3L, 15.0, 100.0, null, null, 0, 0, 0, 4, 4096,
                    List.of("tiny"), "m"));
        }
        store.putCost(new CostRecord("cheap", CostRecord.ANY_MODEL, 0.001, 0.001, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
        store.putCost(new CostRecord("pricey", CostRecord.ANY_MODEL, 0.004, 0.004, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
        requests = RouterGateway.assemble(config, store, ForwardSettings.defaults(), Clock.systemUTC(), observed::add)
                .batchRequests();
    }

    int port(String name) {
        return clusters.get(name).getAddress().getPort();
    }

    @AfterEach
    void stop() {
        clusters.values().forEach(server -> server.stop(0));
    }

    ItemResult done(ItemExecutor.Outcome outcome) {
        return assertInstanceOf(ItemExecutor.Outcome.Done.class, outcome).result();
    }

    @Test
    void anIdleClusterPlacementSendsThereEvenWhenAnotherIsCheaperAndPricesTheAnswer() throws Exception {
        ItemResult result = done(requests.run(Batch.ANONYMOUS, REQUEST,
                new BatchPlacement.Choice.IdleCluster("pricey")));

        assertEquals(200, result.status());
        assertEquals("pricey", result.target());
        assertEquals("hi from pricey", JSON.readTree(result.body()).path("choices").get(0).path("message").path("content").asText());
        assertEquals(2000 * 0.004 / 1000, result.costUsd(), 1e-12);
        assertEquals(2000 * 0.004 / 1000, result.baselineUsd(), 1e-12);
        assertEquals(1, received.size());
        JsonNode sent = JSON.readTree(received.get(0).substring("pricey ".length()));
        assertFalse(sent.path("stream").asBoolean(false), "a batch line's stream is ignored: " + sent);
    }

    @Test
    void theCheapestPlacementTakesTheCheapestCandidateAndSaysWhatTheBaselineWouldHaveCost() {
        ItemResult result = done(requests.run(Batch.ANONYMOUS, REQUEST, new BatchPlacement.Choice.Cheapest()));

        assertEquals("cheap", result.target());
        assertEquals(2000 * 0.001 / 1000, result.costUsd(), 1e-12);
        assertEquals(2000 * 0.004 / 1000, result.baselineUsd(), 1e-12);
    }

    @Test
    void aClusterThatIsNoCandidateLeavesTheItemForLaterAndFailingTargetsAskForARetry() {
        assertInstanceOf(ItemExecutor.Outcome.NotPlaced.class,
                requests.run(Batch.ANONYMOUS, REQUEST, new BatchPlacement.Choice.IdleCluster("unknown")));
        assertEquals(List.of(), received);

        status.put("cheap", 500);
        status.put("pricey", 503);
        assertInstanceOf(ItemExecutor.Outcome.Retry.class,
                requests.run(Batch.ANONYMOUS, REQUEST, new BatchPlacement.Choice.Cheapest()));
    }

    @Test
    void whatTheRequestPathRefusesIsTheItemsAnswer() throws Exception {
        ItemResult invalid = done(requests.run(Batch.ANONYMOUS, "{\"model\":\"auto\"}",
                new BatchPlacement.Choice.Cheapest()));
        assertEquals(400, invalid.status());
        assertEquals("messages", JSON.readTree(invalid.body()).path("error").path("param").asText());
        assertNull(invalid.target());

        ItemResult unknown = done(requests.run(Batch.ANONYMOUS, REQUEST.replace("\"auto\"", "\"no-such-model\""),
                new BatchPlacement.Choice.Cheapest()));
        assertEquals(404, unknown.status());
        assertEquals("model_not_found", JSON.readTree(unknown.body()).path("error").path("code").asText());
        assertEquals(List.of(), received);
        assertEquals(List.of(400, 404), observed.stream().map(io.llmrouter.metrics.RequestOutcome::status).toList(),
                "logged and counted as live refusals are");
        assertTrue(observed.stream().allMatch(o -> o.routed() && o.clientError()));
    }
}
