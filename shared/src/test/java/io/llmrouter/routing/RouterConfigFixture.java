package io.llmrouter.routing;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterAuth;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.HysteresisSettings;
import io.llmrouter.config.ModelAlias;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.ProviderType;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.RouterSettings;
import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.config.ServerSettings;
import io.llmrouter.config.StoreSettings;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds router configurations from records, for tests. Defaults: cost strategy,
 * health polled every 30 s and stale after 3 polls (90 s), maxLatencyMs 2000, maxQueueDepth 10,
 * overhead 1.0, 256 assumed output tokens, external fallback on, hysteresis disabled.
 */
public final class RouterConfigFixture {

    private RoutingStrategyName strategy = RoutingStrategyName.COST;
    private double clusterCostThreshold = 0.002;
    private boolean externalFallback = true;
    private Duration healthCheckInterval = Duration.ofSeconds(30);
    private int staleAfterIntervals = 3;
    private long maxLatencyMs = 2000;
    private int maxQueueDepth = 10;
    private double overheadFactor = 1.0;
    private int assumedOutputTokens = 256;
    private HysteresisSettings hysteresis = HysteresisSettings.disabled();
    private io.llmrouter.config.ComplexitySettings complexity = io.llmrouter.config.ComplexitySettings.disabled();
    private Duration ttftSla;
    private final List<ClusterConfig> clusters = new ArrayList<>();
    private final List<ProviderConfig> providers = new ArrayList<>();
    private final Map<String, ModelAlias> aliases = new LinkedHashMap<>();

    public static RouterConfigFixture config() {
        return new RouterConfigFixture();
    }

    public RouterConfigFixture strategy(RoutingStrategyName value) {
        strategy = value;
        return this;
    }

    public RouterConfigFixture clusterCostThreshold(double value) {
        clusterCostThreshold = value;
        return this;
    }

    public RouterConfigFixture externalFallback(boolean value) {
        externalFallback = value;
        return this;
    }

    public RouterConfigFixture healthCheck(Duration interval, int staleAfter) {
        healthCheckInterval = interval;
        staleAfterIntervals = staleAfter;
        return this;
    }

    public RouterConfigFixture maxLatencyMs(long value) {
        maxLatencyMs = value;
        return this;
    }

    public RouterConfigFixture maxQueueDepth(int value) {
        maxQueueDepth = value;
        return this;
    }

    public RouterConfigFixture overheadFactor(double value) {
        overheadFactor = value;
        return this;
    }

    public RouterConfigFixture assumedOutputTokens(int value) {
        assumedOutputTokens = value;
        return this;
    }

    public RouterConfigFixture hysteresis(double margin, Duration holdTime) {
        hysteresis = new HysteresisSettings(margin, holdTime);
        return this;
    }

    public RouterConfigFixture cluster(ClusterConfig cluster) {
        clusters.add(cluster);
        return this;
    }

    /** A cluster on AWS with no instance type, context window or auth. */
    public RouterConfigFixture cluster(String name, double costPerHour, String... models) {
        return cluster(cluster(name, CloudProvider.AWS, costPerHour, null, List.of(models), null));
    }

    public RouterConfigFixture provider(ProviderConfig provider) {
        providers.add(provider);
        return this;
    }

    /** An enabled OpenAI-type provider. */
    public RouterConfigFixture provider(String name, String defaultModel, String... models) {
        return provider(provider(name, true, defaultModel, List.of(models)));
    }

    /** An alias; each entry is {@code target} or {@code target/model}. */
    public RouterConfigFixture alias(String name, String... entries) {
        List<ModelAlias.AliasTarget> targets = new ArrayList<>();
        for (String entry : entries) {
            int slash = entry.indexOf('/');
            targets.add(slash < 0 ? new ModelAlias.AliasTarget(entry, null)
                    : new ModelAlias.AliasTarget(entry.substring(0, slash), entry.substring(slash + 1)));
        }
        aliases.put(name, new ModelAlias(name, targets));
        return this;
    }

    public RouterConfigFixture complexity(io.llmrouter.config.ComplexitySettings value) {
        complexity = value;
        return this;
    }

    public RouterConfigFixture ttftSla(Duration value) {
        ttftSla = value;
        return this;
    }

    public RouterSettings settings() {
        return new RouterSettings(strategy, clusterCostThreshold, externalFallback, healthCheckInterval,
                staleAfterIntervals, maxLatencyMs, maxQueueDepth, overheadFactor, assumedOutputTokens, hysteresis, null,
                complexity, null, true, ttftSla);
    }

    public RouterConfig build() {
        return new RouterConfig(ServerSettings.defaults(), settings(), clusters, providers, List.of(), aliases,
                StoreSettings.defaults());
    }

    public static ClusterConfig cluster(String name, CloudProvider cloud, double costPerHour, String instanceType,
                                        List<String> models, Integer contextWindow) {
        return new ClusterConfig(name, URI.create("http://" + name + ".invalid:8080"), "region-1", cloud, costPerHour,
                instanceType, null, models, contextWindow, ClusterAuth.none());
    }

    public static ProviderConfig provider(String name, boolean enabled, String defaultModel, List<String> models) {
        return new ProviderConfig(name, ProviderType.OPENAI, enabled, "test-key", null, defaultModel, models);
    }
}
