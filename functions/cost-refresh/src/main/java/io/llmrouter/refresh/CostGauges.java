package io.llmrouter.refresh;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.CostRefresher;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.wiring.CloudWatchGauges;
import io.llmrouter.wiring.GaugeMetric;
import jakarta.inject.Singleton;

/**
 * cost-refresh's {@code CostPer1k} gauge, per target: the $/1K the route function prices the target
 * at after this run. For a cluster, its own record; for a provider, its default model's output price.
 *
 * <p>Taken from the run's prices after it (what it read at its start, with its writes in place), so a
 * target whose price did not change (an idle cluster, a feed that failed) still has its current price
 * on the dashboard. A target with no price at all sends nothing.
 */
@Singleton
public class CostGauges {

    static final GaugeMetric COST_PER_1K = GaugeMetric.none("CostPer1k");

    private final RouterConfig config;
    private final CloudWatchGauges gauges;

    public CostGauges(RouterConfig config, CloudWatchGauges gauges) {
        this.config = config;
        this.gauges = gauges;
    }

    /** Publishes every target's price; returns once CloudWatch has answered. */
    public void publish(CostRefresher.Report report) {
        if (!gauges.heard()) {
            return;
        }
        RoutingSnapshot prices = report.prices();
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
}
