package io.llmrouter.replay.sim;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.CostRefresher;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.cost.ThroughputEstimator;
import io.llmrouter.cost.feed.NodePriceSources;

import java.util.EnumMap;
import java.util.List;

/**
 * cost-refresh as a replay runs it: the real {@link CostRefresher}, reading the price feeds through
 * {@link ScenarioPriceFeed}, and the config as it stands at each run. A replay's fleet is priced by each
 * cluster's configured {@code costPerHour} (no cloud price list is asked), so a scenario's node price change
 * reaches cost-refresh the way it would in production: as the new {@code costPerHour} of the config the
 * next run reads.
 */
final class CostRefresh {

    private final RouterConfig config;
    private final World world;
    private final ScenarioPriceFeed feed;
    private final ThroughputEstimator throughput;
    private RouterConfig current;
    private CostRefresher refresher;

    CostRefresh(RouterConfig config, World world, ModelCatalog catalog) {
        this.config = config;
        this.world = world;
        this.feed = new ScenarioPriceFeed(config, world);
        this.throughput = new ThroughputEstimator(catalog, Replay.LOADED_ESTIMATE_MAX_AGE);
    }

    void refresh() {
        RouterConfig now = configAt(world.now());
        if (!now.equals(current)) {
            current = now;
            // No cloud price lists: the fleet's node prices are configured (Fleet requires costPerHour).
            refresher = new CostRefresher(now, world.store(), feed, new NodePriceSources(new EnumMap<>(CloudProvider.class)),
                    throughput, world.clock());
        }
        refresher.refresh();
    }

    /** The config with each cluster's {@code costPerHour} at {@code t}. */
    private RouterConfig configAt(double t) {
        List<ClusterConfig> clusters = config.clusters().stream().map(c -> c.costPerHour() == null ? c
                : new ClusterConfig(c.name(), c.endpoint(), c.region(), c.provider(),
                        world.scenario().nodePricePerHour(c.name(), t, c.costPerHour()), c.instanceType(),
                        c.tokensPerSecond(), c.models(), c.contextWindow(), c.auth())).toList();
        return new RouterConfig(config.server(), config.router(), clusters, config.externalProviders(),
                config.priceFeeds(), config.modelAliases(), config.store(), config.clientKeys(), config.nodePrices());
    }
}
