package io.llmrouter.refresh;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.CostRefresher;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.cost.ThroughputEstimator;
import io.llmrouter.cost.feed.PriceFeedFetcher;
import io.llmrouter.state.RoutingStateStore;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/** The cost-refresh function's beans. */
@Factory
public class RefreshBeans {

    /**
     * How long a throughput measured under load counts: it keeps pricing an idle cluster, and the next
     * loaded window is blended with it, until the token counters, the configured or the expected figure
     * take over.
     */
    static final Duration LOADED_ESTIMATE_MAX_AGE = Duration.ofHours(1);

    @Singleton
    CostRefresher costRefresher(RouterConfig config, RoutingStateStore store, Clock clock) {
        ThroughputEstimator throughput = new ThroughputEstimator(ModelCatalog.fromClasspath(), LOADED_ESTIMATE_MAX_AGE);
        return new CostRefresher(config, store, new PriceFeedFetcher(), throughput, clock);
    }
}
