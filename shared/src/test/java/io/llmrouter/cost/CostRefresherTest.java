package io.llmrouter.cost;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.feed.PriceFeedFetcher;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** cost-refresh's core against a real DynamoDB engine, with price feeds read from files in their real formats. */
class CostRefresherTest {

    @TempDir
    Path feeds;

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    @TempDir
    Path dir;

    /**
     * Starts at the real time: DynamoDB Local's TTL sweeper deletes items whose ttl has passed in real
     * time, so records stamped by a clock fixed in the past vanish from the store at random moments.
     */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private DynamoRoutingStateStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
    }

    private RouterConfig config(String feedPath, double overhead) {
        String yaml = """
                router: {overheadFactor: %s, routingStrategy: cost}
                clusters:
                  - {name: aws-us-west-2, endpoint: "http://127.0.0.1:1", provider: aws, costPerHour: 0.0928, instanceType: t3.large, models: [llama-3.2-1b-instruct]}
                  - {name: gcp-us-central1, endpoint: "http://127.0.0.1:2", provider: gcp, costPerHour: 0.0950, instanceType: n1-standard-2, models: [llama-3.2-1b-instruct]}
                  - {name: azure-eastus, endpoint: "http://127.0.0.1:3", provider: azure, costPerHour: 0.0968, instanceType: Standard_D2s_v3, models: [llama-3.2-1b-instruct]}
                externalProviders:
                  - {name: openai, type: openai, apiKey: test-key, models: [gpt-4o-mini, gpt-4o]}
                priceFeeds:
                  - {name: litellm, format: litellm, location: "%s", maxJumpFactor: 10}
                store: {tableName: %s}
                """.formatted(overhead, feedPath, dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml(yaml, Map.of());
        store = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
        return config;
    }

    private CostRefresher refresher(RouterConfig config) {
        return new CostRefresher(config, store, new PriceFeedFetcher(),
                new ThroughputEstimator(ModelCatalog.fromClasspath(), Duration.ofHours(1)), clock);
    }

    /** A price-feed sample (from the testkit's resources) as a file, since a feed's location is a path or URL. */
    private Path fixture(String name) throws IOException {
        Path file = feeds.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = CostRefresherTest.class.getResourceAsStream("/price-feeds/" + name)) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    private void health(String cluster, Double liveTps) {
        store.putHealth(new HealthRecord(cluster, true, "ok", clock.instant(), 4L, liveTps, null, null, null,
                0, 0, 0, 2, 4096, List.of(), "m"));
    }

    @Test
    void theWorkedExamplePricesEachClusterFromItsLiveThroughputAndTheRouterPicksAws() throws Exception {
        RouterConfig config = config(fixture("litellm-model-prices.json").toString(), 1.0);
        health("aws-us-west-2", 15.0);
        health("gcp-us-central1", 12.0);
        health("azure-eastus", 14.0);
        clock.advance(Duration.ofSeconds(1));

        CostRefresher.Report report = refresher(config).refresh();

        RoutingSnapshot snapshot = store.loadSnapshot();
        assertEquals(0.00172, per1k(snapshot, "aws-us-west-2"), 0.000005);
        assertEquals(0.00220, per1k(snapshot, "gcp-us-central1"), 0.000005);
        assertEquals(0.00192, per1k(snapshot, "azure-eastus"), 0.000005);
        assertEquals(CostBasis.LIVE_THROUGHPUT, snapshot.costOf("aws-us-west-2", "*").orElseThrow().basis());
        assertTrue(report.unpricedClusters().isEmpty());

        RoutingDecision decision = new Router(config).decide(
                new RouteRequest("llama-3.2-1b-instruct", 100, 100), snapshot, clock.instant());
        assertEquals("aws-us-west-2", decision.chosen().orElseThrow().target().name());
    }

    @Test
    void providerPricesComeFromTheFeedPer1kTokens() throws Exception {
        RouterConfig config = config(fixture("litellm-model-prices.json").toString(), 1.1);
        refresher(config).refresh();

        CostRecord mini = store.loadSnapshot().costOf("openai", "gpt-4o-mini").orElseThrow();
        assertEquals(0.00015, mini.inputPer1k(), 1e-12);
        assertEquals(0.0006, mini.outputPer1k(), 1e-12);
        assertEquals(0.000075, mini.cachedInputPer1k(), 1e-12);
        assertEquals(128000, mini.contextWindow());
        assertEquals(CostBasis.PRICE_FEED, mini.basis());
        assertTrue(store.loadSnapshot().costOf("openai", "gpt-4o").isPresent());
        // Anthropic's models are in the feed, but no anthropic provider is configured.
        assertTrue(store.loadSnapshot().costs().keySet().stream().noneMatch(k -> k.model().startsWith("claude")));
    }

    @Test
    void garbageFeedsLeaveTheLastGoodPricesInPlace() throws Exception {
        refresher(config(fixture("litellm-model-prices.json").toString(), 1.1)).refresh();
        CostRecord good = store.loadSnapshot().costOf("openai", "gpt-4o-mini").orElseThrow();

        for (String garbage : List.of("{not json", "<html><body>502 Bad Gateway</body></html>", "", "[1,2,3]")) {
            clock.advance(Duration.ofMinutes(5));
            Path bad = Files.writeString(dir.resolve("feed-" + garbage.hashCode() + ".json"), garbage);
            CostRefresher.Report report = refresher(config(bad.toString(), 1.1)).refresh();
            assertEquals(1, report.feedFailures().size(), "feed '" + garbage + "' must be rejected whole");
            assertEquals(good, store.loadSnapshot().costOf("openai", "gpt-4o-mini").orElseThrow());
        }
        clock.advance(Duration.ofMinutes(5));
        CostRefresher.Report missing = refresher(config(dir.resolve("absent.json").toString(), 1.1)).refresh();
        assertEquals(1, missing.feedFailures().size());
        assertEquals(good, store.loadSnapshot().costOf("openai", "gpt-4o-mini").orElseThrow());
    }

    @Test
    void aPriceJumpingPastTheFactorIsRejectedAloneAndTheOthersUpdate() throws Exception {
        refresher(config(fixture("litellm-model-prices.json").toString(), 1.1)).refresh();
        CostRecord good = store.loadSnapshot().costOf("openai", "gpt-4o-mini").orElseThrow();
        CostRecord before4o = store.loadSnapshot().costOf("openai", "gpt-4o").orElseThrow();

        String feed = Files.readString(fixture("litellm-model-prices.json"));
        // gpt-4o-mini's input price becomes 100x; gpt-4o's stays as it was.
        String jumped = feed.replaceFirst("(\"gpt-4o-mini\": \\{[^}]*?\"input_cost_per_token\": )1\\.5e-07", "$11.5e-05");
        assertTrue(!jumped.equals(feed), "the fixture edit must apply");
        Path path = Files.writeString(dir.resolve("jumped.json"), jumped);
        clock.advance(Duration.ofMinutes(5));

        CostRefresher.Report report = refresher(config(path.toString(), 1.1)).refresh();

        assertTrue(report.rejectedPrices().stream().anyMatch(r -> r.key().contains("gpt-4o-mini")), report.toString());
        assertEquals(good, store.loadSnapshot().costOf("openai", "gpt-4o-mini").orElseThrow());
        CostRecord after4o = store.loadSnapshot().costOf("openai", "gpt-4o").orElseThrow();
        assertTrue(after4o.observedAt().isAfter(before4o.observedAt()), "the unchanged price is refreshed");
    }

    @Test
    void anIdleClusterKeepsItsLoadedPriceThenFallsBackToExpectedThroughput() throws Exception {
        RouterConfig config = config(fixture("litellm-model-prices.json").toString(), 1.0);
        health("aws-us-west-2", 15.0);
        clock.advance(Duration.ofSeconds(1));
        refresher(config).refresh();
        CostRecord loaded = store.loadSnapshot().costOf("aws-us-west-2", "*").orElseThrow();

        // Idle now: the gauge reads 0, which must not make the cluster look infinitely expensive.
        clock.advance(Duration.ofMinutes(5));
        health("aws-us-west-2", 0.0);
        clock.advance(Duration.ofSeconds(1));
        refresher(config).refresh();
        assertEquals(loaded, store.loadSnapshot().costOf("aws-us-west-2", "*").orElseThrow());

        // A fresh cluster never measured: priced from models/ for its instance type, and says so.
        CostRecord gcp = store.loadSnapshot().costOf("gcp-us-central1", "*").orElseThrow();
        assertEquals(CostBasis.EXPECTED_THROUGHPUT, gcp.basis());
        assertEquals(12.0, gcp.tokensPerSecond());
        assertNotNull(gcp.source());
    }

    private static double per1k(RoutingSnapshot snapshot, String cluster) {
        return snapshot.costOf(cluster, CostRecord.ANY_MODEL).orElseThrow().costPer1k();
    }
}
