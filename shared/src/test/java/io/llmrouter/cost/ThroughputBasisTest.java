package io.llmrouter.cost;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.cost.feed.PriceFeedFetcher;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each way cost-refresh arrives at a cluster's tokens/s, through {@link CostRefresher} and a real DynamoDB
 * engine: the record it writes must carry the basis of the figure it was priced at.
 *
 * <p>The cluster is a t3.large at 0.0928 $/h with an overhead of 1.0, so $/1K = 0.0928 / (tokens/s x 3600)
 * x 1000. The sources are kept apart by their figures: loaded windows of 30 and 40 tokens/s, counters of
 * 5000 tokens in 250 s (20), a configured 25 and the bundled models/ figure for t3.large (15). Where a
 * test lets a later source exist too, picking it instead would write a different basis and price.
 */
class ThroughputBasisTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private static final String CLUSTER = "aws-us-west-2";

    /** Starts at the real time: DynamoDB Local's TTL sweeper deletes items whose ttl has passed in real time. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private DynamoRoutingStateStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(dynamo.tableName()),
                clock);
    }

    /** @param clusterKeys more keys of the cluster's entry, e.g. {@code ", tokensPerSecond: 25"} */
    private RouterConfig config(double costPerHour, String clusterKeys) {
        String yaml = """
                router: {overheadFactor: 1.0}
                clusters:
                  - {name: %s, endpoint: "http://127.0.0.1:1", costPerHour: %s, instanceType: t3.large, models: [llama-3.2-1b-instruct]%s}
                store: {tableName: %s}
                """.formatted(CLUSTER, costPerHour, clusterKeys, dynamo.tableName());
        return ConfigLoader.fromYaml(yaml, Map.of());
    }

    private RouterConfig config(String clusterKeys) {
        return config(0.0928, clusterKeys);
    }

    /** What the poller wrote this round: the live gauge of its window and the server's counters. */
    private void health(Double liveTps, Double generatedTokens, Double generationSeconds) {
        store.putHealth(new HealthRecord(CLUSTER, true, "ok", clock.instant(), 4L, liveTps, null, generatedTokens,
                generationSeconds, 0, 0, 0, 2, 4096, List.of(), "m"));
    }

    /** Runs one refresh now and returns the cluster's record as the store holds it afterwards. */
    private CostRecord refresh(RouterConfig config) {
        new CostRefresher(config, store, new PriceFeedFetcher(),
                new ThroughputEstimator(ModelCatalog.fromClasspath(), Duration.ofHours(1)), clock).refresh();
        return store.loadSnapshot().costOf(CLUSTER, CostRecord.ANY_MODEL).orElseThrow();
    }

    private static void assertPriced(CostBasis basis, double tokensPerSecond, double per1k, Instant observedAt,
                                     CostRecord record) {
        assertEquals(basis, record.basis(), record.toString());
        assertEquals(tokensPerSecond, record.tokensPerSecond(), 1e-9, record.toString());
        assertEquals(per1k, record.costPer1k(), 1e-12, record.toString());
        assertEquals(observedAt, record.observedAt(), record.toString());
    }

    @Test
    void aLoadedWindowWithNoRecentEstimateIsPricedAtItsLiveFigure() {
        RouterConfig config = config(", tokensPerSecond: 25");
        health(30.0, 5000.0, 250.0);

        assertPriced(CostBasis.LIVE_THROUGHPUT, 30.0, 0.000859259259, clock.instant(), refresh(config));
    }

    @Test
    void eachLoadedWindowAfterARecentOneIsSmoothedWithIt() {
        RouterConfig config = config("");
        health(30.0, null, null);
        refresh(config);

        clock.advance(Duration.ofMinutes(5));
        health(40.0, null, null);
        // 0.3 x 40 + 0.7 x 30
        assertPriced(CostBasis.SMOOTHED_THROUGHPUT, 33.0, 0.000781144781, clock.instant(), refresh(config));

        clock.advance(Duration.ofMinutes(5));
        health(40.0, null, null);
        // 0.3 x 40 + 0.7 x 33: the smoothed estimate carries the earlier windows along
        assertPriced(CostBasis.SMOOTHED_THROUGHPUT, 35.1, 0.000734409623, clock.instant(), refresh(config));
    }

    @Test
    void aLoadedWindowMoreThanAnHourAfterTheLastIsNotSmoothedWithIt() {
        RouterConfig config = config("");
        health(30.0, null, null);
        refresh(config);

        clock.advance(Duration.ofMinutes(61));
        health(40.0, null, null);
        assertPriced(CostBasis.LIVE_THROUGHPUT, 40.0, 0.000644444444, clock.instant(), refresh(config));
    }

    @Test
    void anIdleClusterKeepsItsLastLoadedEstimateUpToAnHourAfterThatWindow() {
        RouterConfig config = config(", tokensPerSecond: 25");
        health(30.0, null, null);
        refresh(config);
        clock.advance(Duration.ofMinutes(10));
        health(40.0, null, null);
        refresh(config);
        Instant lastLoaded = clock.instant();

        // Idle windows read 0 tokens/s while the counters and the config offer other figures: the loaded
        // estimate stays, with its basis and the time of its window.
        clock.advance(Duration.ofMinutes(30));
        health(0.0, 5000.0, 250.0);
        assertPriced(CostBasis.SMOOTHED_THROUGHPUT, 33.0, 0.000781144781, lastLoaded, refresh(config));

        // An hour after the last loaded window (seventy minutes after the first), it still holds.
        clock.set(lastLoaded.plus(Duration.ofHours(1)));
        health(0.0, 5000.0, 250.0);
        assertPriced(CostBasis.SMOOTHED_THROUGHPUT, 33.0, 0.000781144781, lastLoaded, refresh(config));

        // A second later it is too old: the counters take over, observed now.
        clock.advance(Duration.ofSeconds(1));
        health(0.0, 5000.0, 250.0);
        assertPriced(CostBasis.COUNTER_AVERAGE, 20.0, 0.001288888889, clock.instant(), refresh(config));
    }

    @Test
    void anIdleClusterIsRepricedAtItsLoadedEstimateWhenItsHourlyPriceChanges() {
        health(30.0, null, null);
        refresh(config(""));
        Instant loaded = clock.instant();

        clock.advance(Duration.ofMinutes(5));
        health(0.0, null, null);
        // 0.1160 / (30 x 3600) x 1000: the new node price, the same measurement, still dated from its window
        assertPriced(CostBasis.LIVE_THROUGHPUT, 30.0, 0.001074074074, loaded, refresh(config(0.1160, "")));
    }

    @Test
    void withoutARecentLoadedWindowTheTokenCountersPriceTheCluster() {
        RouterConfig config = config(", tokensPerSecond: 25");
        health(0.0, 5000.0, 250.0);

        assertPriced(CostBasis.COUNTER_AVERAGE, 20.0, 0.001288888889, clock.instant(), refresh(config));
    }

    @Test
    void withNothingMeasuredTheTokensPerSecondInTheConfigPricesTheCluster() {
        RouterConfig config = config(", tokensPerSecond: 25");
        // Garbage from the server is no measurement: a negative gauge and a negative counter are passed over.
        health(-3.0, -5000.0, 250.0);

        assertPriced(CostBasis.CONFIGURED, 25.0, 0.001031111111, clock.instant(), refresh(config));
    }

    @Test
    void withNothingMeasuredOrConfiguredTheModelsExpectedSpeedForTheInstanceTypePricesTheCluster() {
        RouterConfig config = config("");
        health(0.0, 0.0, 0.0);

        assertPriced(CostBasis.EXPECTED_THROUGHPUT, 15.0, 0.001718518519, clock.instant(), refresh(config));
    }
}
