package io.llmrouter.benchmarks;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.routing.RouterConfigFixture;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.routing.SnapshotFixture;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A configuration and a snapshot of its records for the router benchmarks.
 *
 * <p>The 3-target fleet is the worked example (AWS, GCP, Azure, all healthy and priced). Larger
 * fleets are three clusters to one provider; every tenth cluster is in each of these states, so a
 * decision meets all the filters: down, stale health record, no health record, healthy but unpriced,
 * queue too deep, probe too slow, breaker open; the rest are healthy with spread-out prices and
 * latencies. Every fifth provider has its breaker open. The same size always gives the same fleet.
 */
record BenchmarkFleet(RouterConfig config, RoutingSnapshot snapshot, Instant now) {

    static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    static BenchmarkFleet of(int targets) {
        return targets == 3 ? workedExample() : mixed(targets);
    }

    private static RouterConfigFixture defaults() {
        return RouterConfigFixture.config().hysteresis(0.10, Duration.ofSeconds(60)).maxQueueDepth(4).maxLatencyMs(1000);
    }

    static BenchmarkFleet workedExample() {
        RouterConfig config = defaults()
                .cluster(RouterConfigFixture.cluster("aws", CloudProvider.AWS, 0.0928, "t3.large", List.of(), null))
                .cluster(RouterConfigFixture.cluster("gcp", CloudProvider.GCP, 0.0950, "n1-standard-2", List.of(), null))
                .cluster(RouterConfigFixture.cluster("azure", CloudProvider.AZURE, 0.0968, "Standard_D2s_v3", List.of(), null))
                .build();
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .healthy("aws", 30).clusterCost("aws", 0.0017185)
                .healthy("gcp", 35).clusterCost("gcp", 0.0021991)
                .healthy("azure", 40).clusterCost("azure", 0.0019206)
                .build();
        return new BenchmarkFleet(config, snapshot, NOW);
    }

    static BenchmarkFleet mixed(int targets) {
        int providers = targets / 4;
        int clusters = targets - providers;
        RouterConfigFixture config = defaults();
        SnapshotFixture records = SnapshotFixture.at(NOW);
        for (int i = 0; i < clusters; i++) {
            String name = "cluster-" + i;
            config.cluster(name, 0.05 + i * 0.001);
            double per1k = 0.0010 + (i * 7919 % 1000) / 1_000_000.0;
            long latency = 20 + (i * 31 % 200);
            switch (i % 10) {
                case 0 -> records.down(name, "connect refused");
                case 1 -> records.health(SnapshotFixture.upRecord(name, NOW.minusSeconds(600), latency, 0, null, List.of()))
                        .clusterCost(name, per1k);
                case 2 -> records.clusterCost(name, per1k);
                case 3 -> records.healthy(name, latency);
                case 4 -> records.health(SnapshotFixture.upRecord(name, NOW, latency, 9, null, List.of()))
                        .clusterCost(name, per1k);
                case 5 -> records.healthy(name, 5000).clusterCost(name, per1k);
                case 6 -> records.healthy(name, latency).clusterCost(name, per1k).breakerOpen(name, Duration.ofMinutes(1));
                default -> records.healthy(name, latency).clusterCost(name, per1k);
            }
        }
        for (int i = 0; i < providers; i++) {
            String name = "provider-" + i;
            String model = "model-" + i;
            config.provider(name, model);
            records.providerCost(name, model, 0.0001 + i * 0.00001, 0.0004 + i * 0.00004, 128_000);
            if (i % 5 == 0) {
                records.breakerOpen(name, Duration.ofMinutes(1));
            }
        }
        return new BenchmarkFleet(config.build(), records.build(), NOW);
    }
}
