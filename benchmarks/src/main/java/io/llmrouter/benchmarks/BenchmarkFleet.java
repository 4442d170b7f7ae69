package io.llmrouter.benchmarks;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterAuth;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ComplexitySettings;
import io.llmrouter.config.HysteresisSettings;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.ProviderType;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.RouterSettings;
import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.config.ServerSettings;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A configuration and a snapshot of its records for the router benchmarks.
 *
 * <p>The 3-target fleet is the worked example (AWS, GCP, Azure, all healthy and priced). Larger
 * fleets are three clusters to one provider; every tenth cluster is in each of these states, so a
 * decision meets all the filters: down, stale health record, no health record, healthy but unpriced,
 * queue too deep, probe too slow, breaker open; the rest are healthy with spread-out prices and
 * latencies. Every fifth provider has its breaker open. The same size always gives the same fleet.
 *
 * <p>Built here from the core library's records rather than with the core library's test fixtures:
 * those are its tests' classes, which a main-code module does not depend on. The settings are the
 * ones the routing tests default to, with hysteresis on, queue depth 4 and latency 1 s.
 */
record BenchmarkFleet(RouterConfig config, RoutingSnapshot snapshot, Instant now) {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    static BenchmarkFleet of(int targets) {
        return targets == 3 ? workedExample() : mixed(targets);
    }

    static BenchmarkFleet workedExample() {
        RouterConfig config = config(List.of(
                cluster("aws", CloudProvider.AWS, 0.0928, "t3.large"),
                cluster("gcp", CloudProvider.GCP, 0.0950, "n1-standard-2"),
                cluster("azure", CloudProvider.AZURE, 0.0968, "Standard_D2s_v3")), List.of());
        RoutingSnapshot snapshot = new Records()
                .healthy("aws", 30).clusterCost("aws", 0.0017185)
                .healthy("gcp", 35).clusterCost("gcp", 0.0021991)
                .healthy("azure", 40).clusterCost("azure", 0.0019206)
                .build();
        return new BenchmarkFleet(config, snapshot, NOW);
    }

    static BenchmarkFleet mixed(int targets) {
        int providers = targets / 4;
        int clusters = targets - providers;
        List<ClusterConfig> clusterConfigs = new ArrayList<>();
        List<ProviderConfig> providerConfigs = new ArrayList<>();
        Records records = new Records();
        for (int i = 0; i < clusters; i++) {
            String name = "cluster-" + i;
            clusterConfigs.add(cluster(name, CloudProvider.AWS, 0.05 + i * 0.001, null));
            double per1k = 0.0010 + (i * 7919 % 1000) / 1_000_000.0;
            long latency = 20 + (i * 31 % 200);
            switch (i % 10) {
                case 0 -> records.down(name, "connect refused");
                case 1 -> records.health(upRecord(name, NOW.minusSeconds(600), latency, 0)).clusterCost(name, per1k);
                case 2 -> records.clusterCost(name, per1k);
                case 3 -> records.healthy(name, latency);
                case 4 -> records.health(upRecord(name, NOW, latency, 9)).clusterCost(name, per1k);
                case 5 -> records.healthy(name, 5000).clusterCost(name, per1k);
                case 6 -> records.healthy(name, latency).clusterCost(name, per1k).breakerOpen(name, Duration.ofMinutes(1));
                default -> records.healthy(name, latency).clusterCost(name, per1k);
            }
        }
        for (int i = 0; i < providers; i++) {
            String name = "provider-" + i;
            String model = "model-" + i;
            providerConfigs.add(new ProviderConfig(name, ProviderType.OPENAI, true, "test-key", null, model, List.of()));
            records.providerCost(name, model, 0.0001 + i * 0.00001, 0.0004 + i * 0.00004, 128_000);
            if (i % 5 == 0) {
                records.breakerOpen(name, Duration.ofMinutes(1));
            }
        }
        return new BenchmarkFleet(config(clusterConfigs, providerConfigs), records.build(), NOW);
    }

    /** Cost strategy, health every 30 s and stale after 3 polls, overhead 1.0, 256 assumed output tokens. */
    private static RouterConfig config(List<ClusterConfig> clusters, List<ProviderConfig> providers) {
        RouterSettings settings = new RouterSettings(RoutingStrategyName.COST, 0.002, true, Duration.ofSeconds(30), 3,
                1000, 4, 1.0, 256, new HysteresisSettings(0.10, Duration.ofSeconds(60)), null,
                ComplexitySettings.disabled());
        return new RouterConfig(ServerSettings.defaults(), settings, clusters, providers, List.of(),
                new LinkedHashMap<>(), StoreSettings.defaults());
    }

    private static ClusterConfig cluster(String name, CloudProvider cloud, double costPerHour, String instanceType) {
        return new ClusterConfig(name, URI.create("http://" + name + ".invalid:8080"), "region-1", cloud, costPerHour,
                instanceType, null, List.of(), null, ClusterAuth.none());
    }

    private static HealthRecord upRecord(String cluster, Instant observedAt, long latencyMs, Integer deferred) {
        return new HealthRecord(cluster, true, "ok", observedAt, latencyMs, null, null, null, null, 0, deferred, 0, 4,
                null, List.of(), "r1");
    }

    /** The records of a snapshot taken at {@link #NOW}, each observed then unless said otherwise. */
    private static final class Records {
        private final List<HealthRecord> health = new ArrayList<>();
        private final List<CostRecord> costs = new ArrayList<>();
        private final List<BreakerState> breakers = new ArrayList<>();

        Records health(HealthRecord record) {
            health.add(record);
            return this;
        }

        Records healthy(String cluster, long latencyMs) {
            return health(upRecord(cluster, NOW, latencyMs, null));
        }

        Records down(String cluster, String reason) {
            return health(HealthRecord.down(cluster, reason, NOW, null));
        }

        /** A cluster-wide price: the same $/1K for prompt and output. */
        Records clusterCost(String cluster, double per1k) {
            costs.add(new CostRecord(cluster, CostRecord.ANY_MODEL, per1k, per1k, null, null, null,
                    CostBasis.CONFIGURED, "test", NOW));
            return this;
        }

        Records providerCost(String provider, String model, double inputPer1k, double outputPer1k, Integer contextWindow) {
            costs.add(new CostRecord(provider, model, inputPer1k, outputPer1k, null, null, contextWindow,
                    CostBasis.PRICE_FEED, "test", NOW));
            return this;
        }

        Records breakerOpen(String target, Duration cooldownLeft) {
            breakers.add(new BreakerState(target, BreakerState.Position.OPEN, 5, NOW.plus(cooldownLeft), NOW, 1));
            return this;
        }

        RoutingSnapshot build() {
            return RoutingSnapshot.of(health, costs, breakers, NOW);
        }
    }
}
