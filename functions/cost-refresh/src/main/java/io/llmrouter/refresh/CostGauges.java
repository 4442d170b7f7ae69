package io.llmrouter.refresh;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.CostRecord;
import io.llmrouter.cost.CostRefresher;
import io.llmrouter.routing.RoutingSnapshot;
import io.llmrouter.store.RoutingStateStore;
import io.llmrouter.wiring.CloudWatchGauges;
import io.llmrouter.wiring.GaugeMetric;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * cost-refresh's {@code CostPer1k} gauge, per target: the $/1K the route function prices the target
 * at after this run. For a cluster, its own record; for a provider, its default model's output price.
 *
 * <p>Read back from the store rather than taken from this run's writes alone, so a target whose price
 * did not change (an idle cluster, a feed that failed) still has its current price on the dashboard.
 * A target with no price at all sends nothing.
 */
@Singleton
public class CostGauges {

    static final GaugeMetric COST_PER_1K = GaugeMetric.none("CostPer1k");

    private static final Logger LOG = LoggerFactory.getLogger(CostGauges.class);

    private final RouterConfig config;
    private final RoutingStateStore store;
    private final CloudWatchGauges gauges;

    public CostGauges(RouterConfig config, RoutingStateStore store, CloudWatchGauges gauges) {
        this.config = config;
        this.store = store;
        this.gauges = gauges;
    }

    /** Publishes every target's price; returns once CloudWatch has answered. */
    public void publish(CostRefresher.Report report) {
        if (!gauges.heard()) {
            return;
        }
        Map<RoutingSnapshot.CostKey, CostRecord> costs = new HashMap<>(stored().costs());
        // This run's writes are in the store already; they are added again for when reading it back failed.
        for (CostRecord written : report.written()) {
            costs.merge(new RoutingSnapshot.CostKey(written.target(), written.model()), written,
                    (stored, mine) -> mine.observedAt().isBefore(stored.observedAt()) ? stored : mine);
        }
        // Looked up as the route function looks prices up (RoutingSnapshot.costOf).
        RoutingSnapshot prices = new RoutingSnapshot(Map.of(), costs, Map.of(), Instant.now());
        for (ClusterConfig cluster : config.clusters()) {
            set(cluster.name(), prices.costOf(cluster.name(), CostRecord.ANY_MODEL).orElse(null));
        }
        for (ProviderConfig provider : config.enabledProviders()) {
            set(provider.name(), prices.costOf(provider.name(), provider.defaultModel()).orElse(null));
        }
        gauges.publish();
    }

    private void set(String target, CostRecord price) {
        gauges.set(COST_PER_1K, target, price == null ? null : price.costPer1k());
    }

    private RoutingSnapshot stored() {
        try {
            return store.loadSnapshot();
        } catch (RuntimeException e) {
            LOG.warn("could not read the stored prices back, publishing this run's only: {}", e.toString());
            return RoutingSnapshot.empty(Instant.now());
        }
    }
}
