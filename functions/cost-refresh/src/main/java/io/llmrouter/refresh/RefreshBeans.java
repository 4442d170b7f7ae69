package io.llmrouter.refresh;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.CostRefresher;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.cost.ThroughputEstimator;
import io.llmrouter.cost.feed.NodePriceSources;
import io.llmrouter.cost.feed.PriceFeedFetcher;
import io.llmrouter.state.RoutingStateStore;
import io.micronaut.context.annotation.Bean;
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
    PriceFeedFetcher priceFeedFetcher() {
        return new PriceFeedFetcher();
    }

    /**
     * The clouds' price lists for node prices, as {@code nodePrices} configures them. The AWS Price List
     * client is made on the first AWS lookup, so a config without one costs no client start-up.
     */
    @Singleton
    @Bean(preDestroy = "close")
    NodePriceSources nodePriceSources(RouterConfig config, PriceFeedFetcher fetcher) {
        return NodePriceSources.standard(config.nodePrices(), fetcher);
    }

    @Singleton
    CostRefresher costRefresher(RouterConfig config, RoutingStateStore store, PriceFeedFetcher fetcher,
                                NodePriceSources nodePrices, Clock clock) {
        ThroughputEstimator throughput = new ThroughputEstimator(ModelCatalog.fromClasspath(), LOADED_ESTIMATE_MAX_AGE);
        return new CostRefresher(config, store, fetcher, nodePrices, throughput, clock);
    }
}
