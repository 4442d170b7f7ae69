package io.llmrouter.routing;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.routing.RoutingDecision.Outcome;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.RoutingSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.llmrouter.routing.Decisions.order;
import static io.llmrouter.routing.Decisions.rejectionOf;
import static io.llmrouter.routing.RouterConfigFixture.cluster;
import static io.llmrouter.routing.RouterConfigFixture.config;
import static io.llmrouter.routing.SnapshotFixture.upRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which targets the router rejects, and the reasons it gives. */
class RouterFiltersTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final RouteRequest AUTO = new RouteRequest("auto", 100, 50);

    @Test
    void aHealthRecordOlderThanStaleAfterIsRejected() {
        // 30 s polls, stale after 3: 90 s.
        Router router = new Router(config().healthCheck(Duration.ofSeconds(30), 3)
                .cluster("old", 0.09).cluster("edge", 0.09).build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .health(upRecord("old", NOW.minusSeconds(91), 20L, 0, null, List.of()))
                .health(upRecord("edge", NOW.minusSeconds(90), 20L, 0, null, List.of()))
                .build();

        RoutingDecision decision = router.decide(AUTO, snapshot, NOW);

        assertEquals(List.of("edge"), order(decision));
        String reason = rejectionOf(decision, "old");
        assertTrue(reason.contains("stale") && reason.contains("91.0 s old") && reason.contains("stale after 90.0 s"), reason);
    }

    @Test
    void aRecordFreshWhenLoadedGoesStaleAsTimePasses() {
        Router router = new Router(config().cluster("a", 0.09).build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW).healthy("a", 20).build();

        assertEquals(Outcome.ROUTED, router.decide(AUTO, snapshot, NOW.plusSeconds(60)).outcome());
        assertEquals(Outcome.NO_HEALTHY_TARGET, router.decide(AUTO, snapshot, NOW.plusSeconds(120)).outcome());
    }

    @Test
    void aClusterWithoutAHealthRecordIsRejected() {
        Router router = new Router(config().cluster("unprobed", 0.09).cluster("probed", 0.09).build());

        RoutingDecision decision = router.decide(AUTO, SnapshotFixture.at(NOW).healthy("probed", 20).build(), NOW);

        assertEquals(List.of("probed"), order(decision));
        assertEquals("no health record yet", rejectionOf(decision, "unprobed"));
    }

    @Test
    void aDownClusterIsRejectedWithTheProbesReason() {
        Router router = new Router(config().cluster("loading", 0.09).cluster("up", 0.09).build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .down("loading", "HTTP 503 Loading model").healthy("up", 20).build();

        RoutingDecision decision = router.decide(AUTO, snapshot, NOW);

        assertEquals(List.of("up"), order(decision));
        assertEquals("down: HTTP 503 Loading model", rejectionOf(decision, "loading"));
    }

    @Test
    void aQueueDeeperThanMaxQueueDepthIsRejected() {
        Router router = new Router(config().maxQueueDepth(10)
                .cluster("deep", 0.09).cluster("full", 0.09).cluster("unreported", 0.09).build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .health(upRecord("deep", NOW, 20L, 11, null, List.of()))
                .health(upRecord("full", NOW, 20L, 10, null, List.of()))
                .health(upRecord("unreported", NOW, 20L, null, null, List.of()))
                .build();

        RoutingDecision decision = router.decide(AUTO, snapshot, NOW);

        assertEquals(List.of("full", "unreported"), order(decision));
        assertEquals("queue depth 11 is over maxQueueDepth 10", rejectionOf(decision, "deep"));
    }

    @Test
    void aProbeSlowerThanMaxLatencyIsRejected() {
        Router router = new Router(config().maxLatencyMs(500)
                .cluster("slow", 0.09).cluster("limit", 0.09).cluster("unmeasured", 0.09).build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .healthy("slow", 501).healthy("limit", 500)
                .health(upRecord("unmeasured", NOW, null, 0, null, List.of()))
                .build();

        RoutingDecision decision = router.decide(AUTO, snapshot, NOW);

        assertEquals(List.of("limit", "unmeasured"), order(decision));
        assertEquals("probe latency 501 ms is over maxLatencyMs 500", rejectionOf(decision, "slow"));
    }

    @Test
    void anOpenBreakerRejectsUntilItsCooldownPasses() {
        Router router = new Router(config()
                .cluster("open", 0.09).cluster("cooled", 0.09).cluster("half", 0.09).cluster("closed", 0.09)
                .provider("openai", "gpt-4o-mini").build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .healthy("open", 20).healthy("cooled", 20).healthy("half", 20).healthy("closed", 20)
                .breakerOpen("open", Duration.ofSeconds(30))
                .breakerOpen("cooled", Duration.ofSeconds(-1))
                .breaker(new BreakerState("half", BreakerState.Position.HALF_OPEN, 5, null, NOW, 2))
                .breaker(BreakerState.closed("closed", NOW))
                .breakerOpen("openai", Duration.ofSeconds(30))
                .build();

        RoutingDecision decision = router.decide(AUTO, snapshot, NOW);

        assertEquals(List.of("closed", "cooled", "half"), order(decision).stream().sorted().toList());
        String reason = rejectionOf(decision, "open");
        assertEquals("circuit breaker open after 5 consecutive failure(s), cooldown ends in 30 s", reason);
        assertTrue(rejectionOf(decision, "openai").startsWith("circuit breaker open"));

        RoutingDecision later = router.decide(AUTO, snapshot, NOW.plusSeconds(30));
        assertTrue(order(later).containsAll(List.of("open", "openai")), later.summary());
    }

    @Test
    void aTrialUnderWayKeepsEveryOtherRequestOutUntilItsClaimLapses() {
        Router router = new Router(config().cluster("gpu", 0.09).provider("openai", "gpt-4o-mini").build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .healthy("gpu", 20)
                .breaker(new BreakerState("gpu", BreakerState.Position.HALF_OPEN, 3, NOW.minusSeconds(1),
                        NOW.minusSeconds(1), 4, NOW.plusSeconds(24)))
                .breakerOpen("openai", Duration.ofSeconds(-1))
                .build();

        RoutingDecision decision = router.decide(AUTO, snapshot, NOW);

        assertEquals(List.of("openai"), order(decision));
        assertEquals("circuit breaker half-open: a trial is under way, its claim lapses in 24 s",
                rejectionOf(decision, "gpu"));
        assertTrue(decision.candidates().get(0).reason().endsWith("; circuit breaker half-open: a trial is due"),
                decision.candidates().get(0).reason());

        RoutingDecision lapsed = router.decide(AUTO, snapshot, NOW.plusSeconds(24));
        assertTrue(order(lapsed).contains("gpu"), lapsed.summary());
    }

    @Test
    void whenEveryTargetIsRejectedTheDecisionSaysWhyForEach() {
        Router router = new Router(config().cluster("a", 0.09).cluster("b", 0.09)
                .provider("openai", "gpt-4o-mini").build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .down("a", "connect refused")
                .health(upRecord("b", NOW.minusSeconds(200), 20L, 0, null, List.of()))
                .breakerOpen("openai", Duration.ofMinutes(1))
                .build();

        RoutingDecision decision = router.decide(AUTO, snapshot, NOW);

        assertEquals(Outcome.NO_HEALTHY_TARGET, decision.outcome());
        assertTrue(decision.candidates().isEmpty());
        assertTrue(decision.chosen().isEmpty());
        assertEquals(3, decision.rejections().size());
        assertEquals("down: connect refused", rejectionOf(decision, "a"));
        assertTrue(rejectionOf(decision, "b").startsWith("health record is stale"), rejectionOf(decision, "b"));
        assertTrue(decision.summary().contains("a: down: connect refused"), decision.summary());
        assertTrue(decision.summary().contains("openai: circuit breaker open"), decision.summary());
    }

    /** Busy is not down: with nothing free, a request goes to a busy cluster rather than fail. */
    @Test
    void whenNoTargetIsFreeABusyOneStillTakesTheRequest() {
        Router router = new Router(config().maxQueueDepth(10).cluster("a", 0.09).cluster("b", 0.09)
                .provider("openai", "gpt-4o-mini").build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .down("a", "connect refused")
                .health(upRecord("b", NOW, 20L, 50, null, List.of()))
                .breakerOpen("openai", Duration.ofMinutes(1))
                .build();

        RoutingDecision decision = router.decide(AUTO, snapshot, NOW);

        assertEquals(Outcome.ROUTED, decision.outcome());
        assertEquals(List.of("b"), order(decision));
        assertTrue(decision.candidates().get(0).reason().contains("no target is free, and this one is only busy: "
                + "queue depth 50 is over maxQueueDepth 10"), decision.candidates().get(0).reason());
        assertEquals(2, decision.rejections().size(), "b is a candidate, not a rejection");

        RoutingSnapshot providerUp = SnapshotFixture.at(NOW)
                .down("a", "connect refused")
                .health(upRecord("b", NOW, 20L, 50, null, List.of()))
                .build();
        assertEquals(List.of("openai"), order(router.decide(AUTO, providerUp, NOW)), "a free target goes first, alone");
    }

    @Test
    void aModelNoTargetServesIsUnknown() {
        Router router = new Router(config().cluster("a", 0.09, "llama-3.2-1b").provider("openai", "gpt-4o-mini",
                "gpt-4o-mini").build());

        RoutingDecision decision = router.decide(new RouteRequest("mistral-large", 10, null),
                SnapshotFixture.at(NOW).healthy("a", 20).build(), NOW);

        assertEquals(Outcome.UNKNOWN_MODEL, decision.outcome());
        assertTrue(decision.candidates().isEmpty() && decision.rejections().isEmpty());
        assertTrue(decision.summary().contains("'mistral-large'"), decision.summary());
    }

    @Test
    void theRequestMustFitTheContextWindow() {
        Router router = new Router(config()
                .cluster(cluster("configured-4k", CloudProvider.AWS, 0.09, null, List.of(), 4096))
                .cluster("reported-2k", 0.09)
                .cluster("unknown", 0.09)
                .provider("openai", "gpt-4o-mini")
                .build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .healthy("configured-4k", 20)
                .health(upRecord("reported-2k", NOW, 20L, 0, 2048, List.of()))
                .healthy("unknown", 20)
                .providerCost("openai", "gpt-4o-mini", 0.00015, 0.0006, 8000)
                .build();

        RoutingDecision large = router.decide(new RouteRequest("auto", 3000, 1500), snapshot, NOW);
        assertEquals(List.of("openai", "unknown"), order(large).stream().sorted().toList());
        assertEquals("context window of 4096 tokens is smaller than the 4500 the request needs (prompt + max_tokens)",
                rejectionOf(large, "configured-4k"));
        assertTrue(rejectionOf(large, "reported-2k").startsWith("context window of 2048 tokens"));

        RoutingDecision tooLargeForAll = router.decide(new RouteRequest("auto", 9000, null), snapshot, NOW);
        assertEquals(List.of("unknown"), order(tooLargeForAll));

        RoutingDecision noMaxTokens = router.decide(new RouteRequest("auto", 3000, null), snapshot, NOW);
        assertEquals(List.of("configured-4k", "openai", "unknown"), order(noMaxTokens).stream().sorted().toList());
    }

    @Test
    void anAliasPinningAModelATargetDoesNotServeRejectsIt() {
        Router router = new Router(config()
                .cluster("a", 0.09, "llama-3.2-1b")
                .cluster("b", 0.09)
                .provider("openai", "gpt-4o-mini", "gpt-4o-mini", "gpt-4o")
                .alias("big", "a/llama-3.1-70b", "b/llama-3.1-70b", "openai/gpt-5")
                .build());
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .healthy("a", 20)
                .health(upRecord("b", NOW, 20L, 0, null, List.of("llama-3.2-1b")))
                .build();

        RoutingDecision decision = router.decide(new RouteRequest("big", 10, 10), snapshot, NOW);

        assertEquals(Outcome.NO_HEALTHY_TARGET, decision.outcome());
        assertEquals("does not serve model 'llama-3.1-70b' (its config lists [llama-3.2-1b])", rejectionOf(decision, "a"));
        assertEquals("does not serve model 'llama-3.1-70b' (it reports [llama-3.2-1b])", rejectionOf(decision, "b"));
        assertTrue(rejectionOf(decision, "openai").contains("'gpt-5'"));
    }
}
