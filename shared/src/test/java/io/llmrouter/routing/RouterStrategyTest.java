package io.llmrouter.routing;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.cost.ClusterCostFormula;
import io.llmrouter.routing.RoutingDecision.Outcome;
import io.llmrouter.state.CostBasis;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.llmrouter.routing.Decisions.order;
import static io.llmrouter.routing.Decisions.rejectionOf;
import static io.llmrouter.routing.RouterConfigFixture.cluster;
import static io.llmrouter.routing.RouterConfigFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How each strategy orders the candidates, and how ties are broken. */
class RouterStrategyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    /** 1000 prompt tokens, 500 output tokens. */
    private static final RouteRequest REQUEST = new RouteRequest("auto", 1000, 500);

    /**
     * Estimated request costs: openai 0.00045, cheap-cluster 0.0015, anthropic 0.0028, pricey-cluster 0.006.
     * Latencies: pricey-cluster 40 ms, cheap-cluster 120 ms, providers unknown.
     */
    private static RouterConfigFixture fleet(RoutingStrategyName strategy) {
        return config().strategy(strategy).clusterCostThreshold(0.002)
                .cluster("cheap-cluster", 0.09).cluster("pricey-cluster", 0.30)
                .provider("openai", "gpt-4o-mini").provider("anthropic", "claude-haiku-4-5");
    }

    private static SnapshotFixture fleetRecords() {
        return SnapshotFixture.at(NOW)
                .healthy("cheap-cluster", 120).clusterCost("cheap-cluster", 0.001)
                .healthy("pricey-cluster", 40).clusterCost("pricey-cluster", 0.004)
                .providerCost("openai", "gpt-4o-mini", 0.00015, 0.0006, null)
                .providerCost("anthropic", "claude-haiku-4-5", 0.0008, 0.004, null);
    }

    private static RoutingDecision decide(RouterConfigFixture config, SnapshotFixture records) {
        return new Router(config.build()).decide(REQUEST, records.build(), NOW);
    }

    @Test
    void workedExampleRoutesToTheCheapestCloud() {
        RouterConfig config = config().overheadFactor(1.0)
                .cluster(cluster("aws", CloudProvider.AWS, 0.0928, "t3.large", List.of(), null))
                .cluster(cluster("gcp", CloudProvider.GCP, 0.0950, "n1-standard-2", List.of(), null))
                .cluster(cluster("azure", CloudProvider.AZURE, 0.0968, "Standard_D2s_v3", List.of(), null))
                .build();
        SnapshotFixture records = SnapshotFixture.at(NOW).healthy("aws", 30).healthy("gcp", 30).healthy("azure", 30);
        double[] tokensPerSecond = {15, 12, 14};
        for (int i = 0; i < 3; i++) {
            ClusterConfig cluster = config.clusters().get(i);
            records.cost(ClusterCostFormula.costRecord(cluster, cluster.costPerHour(), tokensPerSecond[i],
                    config.router().overheadFactor(),
                    CostBasis.LIVE_THROUGHPUT, "test", NOW).orElseThrow());
        }

        RoutingDecision decision = new Router(config).decide(REQUEST, records.build(), NOW);

        assertEquals(List.of("aws", "azure", "gcp"), order(decision));
        List<Double> per1k = decision.candidates().stream().map(Candidate::costPer1k).toList();
        assertEquals(0.00172, per1k.get(0), 0.000005);
        assertEquals(0.00192, per1k.get(1), 0.000005);
        assertEquals(0.00220, per1k.get(2), 0.000005);
        assertEquals(1.5 * per1k.get(0), decision.candidates().get(0).estimatedCost(), 1e-12);
    }

    @Test
    void costRanksByEstimatedRequestCostAcrossClustersAndProviders() {
        RoutingDecision decision = decide(fleet(RoutingStrategyName.COST), fleetRecords());

        assertEquals(List.of("openai", "cheap-cluster", "anthropic", "pricey-cluster"), order(decision));
        assertEquals(0.00045, decision.candidates().get(0).estimatedCost(), 1e-12);
        assertEquals("gpt-4o-mini", decision.candidates().get(0).upstreamModel());
    }

    @Test
    void costRanksUnpricedTargetsAfterPricedOnes() {
        RoutingDecision decision = decide(fleet(RoutingStrategyName.COST).cluster("new-cluster", 0.01),
                fleetRecords().healthy("new-cluster", 5));

        assertEquals(List.of("openai", "cheap-cluster", "anthropic", "pricey-cluster", "new-cluster"), order(decision));
        Candidate unpriced = decision.candidates().get(4);
        assertNull(unpriced.estimatedCost());
        assertNull(unpriced.costPer1k());
    }

    @Test
    void latencyRanksByProbeLatencyWithUnmeasuredTargetsLast() {
        RoutingDecision decision = decide(fleet(RoutingStrategyName.LATENCY), fleetRecords());

        // Providers are not probed; among them the cheaper goes first.
        assertEquals(List.of("pricey-cluster", "cheap-cluster", "openai", "anthropic"), order(decision));
    }

    @Test
    void hybridPutsCheapClustersFirstThenProvidersThenTheOtherClusters() {
        RoutingDecision decision = decide(fleet(RoutingStrategyName.HYBRID).cluster("unpriced-cluster", 0.01),
                fleetRecords().healthy("unpriced-cluster", 5));

        assertEquals(List.of("cheap-cluster", "openai", "anthropic", "pricey-cluster", "unpriced-cluster"),
                order(decision));
        assertTrue(decision.candidates().get(0).reason().contains("under the cost threshold"));
    }

    @Test
    void hybridFallsBackToProvidersWhenNoClusterIsHealthyIfAllowed() {
        SnapshotFixture clustersDown = fleetRecords().down("cheap-cluster", "connect refused")
                .down("pricey-cluster", "connect refused");

        RoutingDecision allowed = decide(fleet(RoutingStrategyName.HYBRID).externalFallback(true), clustersDown);
        assertEquals(List.of("openai", "anthropic"), order(allowed));

        RoutingDecision disallowed = decide(fleet(RoutingStrategyName.HYBRID).externalFallback(false), clustersDown);
        assertEquals(Outcome.NO_HEALTHY_TARGET, disallowed.outcome());
        assertEquals(Router.FALLBACK_DISABLED, rejectionOf(disallowed, "openai"));
        assertEquals("down: connect refused", rejectionOf(disallowed, "cheap-cluster"));
    }

    @Test
    void withFallbackDisabledProvidersStillFollowHealthyClusters() {
        RoutingDecision decision = decide(fleet(RoutingStrategyName.HYBRID).externalFallback(false), fleetRecords());

        assertEquals(List.of("cheap-cluster", "openai", "anthropic", "pricey-cluster"), order(decision));
    }

    @Test
    void withFallbackDisabledAModelOnlyProvidersServeIsStillRouted() {
        RoutingDecision decision = new Router(fleet(RoutingStrategyName.HYBRID).externalFallback(false).build())
                .decide(new RouteRequest("gpt-4o-mini", 10, 10), fleetRecords().build(), NOW);

        assertEquals(List.of("openai"), order(decision));
    }

    @Test
    void clusterFirstTriesEveryClusterBeforeProviders() {
        RoutingDecision decision = decide(fleet(RoutingStrategyName.CLUSTER_FIRST), fleetRecords());

        assertEquals(List.of("cheap-cluster", "pricey-cluster", "openai", "anthropic"), order(decision));
    }

    @Test
    void clusterFirstOffersNoProviderWhenClustersAreDownAndFallbackIsDisabled() {
        RoutingDecision decision = decide(fleet(RoutingStrategyName.CLUSTER_FIRST).externalFallback(false),
                fleetRecords().down("cheap-cluster", "connect refused").down("pricey-cluster", "connect refused"));

        assertEquals(Outcome.NO_HEALTHY_TARGET, decision.outcome());
        assertEquals(Router.FALLBACK_DISABLED, rejectionOf(decision, "anthropic"));
    }

    @Test
    void costIgnoresTheFallbackSwitchSinceProvidersArePeersThere() {
        RoutingDecision decision = decide(fleet(RoutingStrategyName.COST).externalFallback(false),
                fleetRecords().down("cheap-cluster", "connect refused").down("pricey-cluster", "connect refused"));

        assertEquals(List.of("openai", "anthropic"), order(decision));
    }

    @Test
    void externalFirstTriesEveryProviderBeforeClusters() {
        RoutingDecision decision = decide(fleet(RoutingStrategyName.EXTERNAL_FIRST), fleetRecords());

        assertEquals(List.of("openai", "anthropic", "cheap-cluster", "pricey-cluster"), order(decision));
    }

    @Test
    void equalCostsAreBrokenByLowerLatency() {
        RoutingDecision decision = decide(config().cluster("a", 0.09).cluster("b", 0.09),
                SnapshotFixture.at(NOW).healthy("a", 50).clusterCost("a", 0.002).healthy("b", 20).clusterCost("b", 0.002));

        assertEquals(List.of("b", "a"), order(decision));
    }

    @Test
    void equalCostAndLatencyAreBrokenByNameWhateverTheConfigOrder() {
        SnapshotFixture records = SnapshotFixture.at(NOW)
                .healthy("zeta", 20).clusterCost("zeta", 0.002)
                .healthy("alpha", 20).clusterCost("alpha", 0.002)
                .healthy("mid", 20).clusterCost("mid", 0.002);

        RoutingDecision forward = decide(config().cluster("zeta", 0.09).cluster("alpha", 0.09).cluster("mid", 0.09),
                records);
        RoutingDecision backward = decide(config().cluster("mid", 0.09).cluster("alpha", 0.09).cluster("zeta", 0.09),
                records);

        assertEquals(List.of("alpha", "mid", "zeta"), order(forward));
        assertEquals(order(forward), order(backward));
    }

    @Test
    void anAliasIsRankedLikeAuto() {
        RoutingDecision decision = new Router(fleet(RoutingStrategyName.COST)
                .alias("house", "pricey-cluster", "cheap-cluster", "anthropic").build())
                .decide(new RouteRequest("house", 1000, 500), fleetRecords().build(), NOW);

        assertEquals(List.of("cheap-cluster", "anthropic", "pricey-cluster"), order(decision));
    }
}
