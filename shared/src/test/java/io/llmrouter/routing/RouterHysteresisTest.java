package io.llmrouter.routing;

import io.llmrouter.config.RoutingStrategyName;
import io.llmrouter.state.RoutingSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.llmrouter.routing.Decisions.first;
import static io.llmrouter.routing.Decisions.order;
import static io.llmrouter.routing.RouterConfigFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hysteresis over sequences of snapshots: margin 10%, holdTime 60 s. Each step is a fresh snapshot
 * at its own time, as the route function would load them.
 */
class RouterHysteresisTest {

    private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    private static final RouteRequest REQUEST = new RouteRequest("auto", 1000, 500);

    private final Router router = new Router(config().hysteresis(0.10, Duration.ofSeconds(60))
            .cluster("a", 0.09).cluster("b", 0.09).build());

    /** Both clusters healthy at {@code second}s after T0, with these $/1K and latencies. */
    private RoutingDecision at(int second, double priceA, double priceB, long latencyA, long latencyB) {
        Instant now = T0.plusSeconds(second);
        RoutingSnapshot snapshot = SnapshotFixture.at(now)
                .healthy("a", latencyA).clusterCost("a", priceA)
                .healthy("b", latencyB).clusterCost("b", priceB)
                .build();
        return router.decide(REQUEST, snapshot, now);
    }

    private RoutingDecision at(int second, double priceA, double priceB) {
        return at(second, priceA, priceB, 20, 20);
    }

    @Test
    void aChallengerCheaperByLessThanTheMarginNeverWins() {
        assertEquals("a", first(at(0, 0.0020, 0.0021)));

        for (int second = 10; second <= 600; second += 30) {
            RoutingDecision decision = at(second, 0.0020, 0.00185); // b is 7.5% cheaper
            assertEquals("a", first(decision), "at " + second + " s");
            assertEquals(List.of("a", "b"), order(decision));
            assertTrue(decision.candidates().get(0).reason().startsWith("kept by hysteresis: b is 7.5% better by cost"),
                    decision.candidates().get(0).reason());
        }
    }

    @Test
    void aChallengerCheaperByMoreThanTheMarginWinsOnlyAfterHoldTime() {
        assertEquals("a", first(at(0, 0.0020, 0.0021)));

        // b is 25% cheaper from second 10 on.
        for (int second : new int[] {10, 40, 69}) {
            RoutingDecision decision = at(second, 0.0020, 0.0015);
            assertEquals("a", first(decision), "at " + second + " s");
            assertTrue(decision.candidates().get(0).reason().contains("of the 60 s holdTime"),
                    decision.candidates().get(0).reason());
        }
        RoutingDecision switched = at(70, 0.0020, 0.0015);
        assertEquals(List.of("b", "a"), order(switched));
        assertTrue(switched.candidates().get(0).reason().startsWith("switched from a: b is 25.0% better by cost for 60 s"),
                switched.candidates().get(0).reason());

        // The new choice is now the one hysteresis keeps.
        assertEquals("b", first(at(100, 0.0019, 0.0020)));
    }

    /**
     * Concurrent requests reach hysteresis out of time order: one that read the clock at 30 s may get there after one
     * of 100 s. Its decision must not start b's clock at 30 s, when the one of 100 s saw b not better, or b would win
     * at 101 s after one second of being better.
     */
    @Test
    void aDecisionThatArrivesLateDoesNotStartAChallengersClockInThePast() {
        assertEquals("a", first(at(0, 0.0020, 0.0021)));
        assertEquals("a", first(at(100, 0.0020, 0.0021)));

        RoutingDecision late = at(30, 0.0020, 0.0015); // read the clock at 30 s, saw b 25% cheaper
        assertEquals("a", first(late));
        assertTrue(late.candidates().get(0).reason().contains("for only 0 s of the 60 s holdTime"),
                late.candidates().get(0).reason());

        RoutingDecision next = at(101, 0.0020, 0.0015);
        assertEquals("a", first(next), next.candidates().get(0).reason());
        assertTrue(next.candidates().get(0).reason().contains("for only 1 s of the 60 s holdTime"),
                next.candidates().get(0).reason());
        assertEquals("b", first(at(160, 0.0020, 0.0015)));
    }

    /**
     * The dip ends either with b dearer again (a ranks first) or with b still cheaper but within the
     * margin (b still ranks first): either way b's clock must restart.
     */
    @ParameterizedTest(name = "dip ends at b = {0} $/1K")
    @ValueSource(doubles = {0.0021, 0.0019})
    void aBlipShorterThanHoldTimeDoesNotSwitch(double priceOfBAfterTheDip) {
        assertEquals("a", first(at(0, 0.0020, 0.0021)));
        assertEquals("a", first(at(10, 0.0020, 0.0015)));  // b 25% cheaper: clock starts
        assertEquals("a", first(at(40, 0.0020, 0.0015)));
        assertEquals("a", first(at(50, 0.0020, priceOfBAfterTheDip)));  // the dip ends: clock resets
        assertEquals("a", first(at(60, 0.0020, 0.0015)));  // cheaper again: clock restarts
        assertEquals("a", first(at(80, 0.0020, 0.0015)));  // 70 s after the first dip began, 20 s into this one
        assertEquals("a", first(at(119, 0.0020, 0.0015)));
        assertEquals("b", first(at(120, 0.0020, 0.0015))); // 60 s of this dip
    }

    @Test
    void theCurrentChoiceBecomingUnhealthySwitchesAtOnce() {
        assertEquals("a", first(at(0, 0.0020, 0.0021)));

        Instant now = T0.plusSeconds(5);
        RoutingSnapshot aDown = SnapshotFixture.at(now)
                .down("a", "connect refused").clusterCost("a", 0.0020)
                .healthy("b", 20).clusterCost("b", 0.0021)
                .build();
        RoutingDecision decision = router.decide(REQUEST, aDown, now);

        assertEquals(List.of("b"), order(decision));
        assertTrue(decision.candidates().get(0).reason().startsWith("switched at once: previous choice a"),
                decision.candidates().get(0).reason());

        // a is back and 5% cheaper: within the margin, b stays.
        assertEquals("b", first(at(10, 0.0020, 0.0021)));
    }

    @Test
    void equalCostTargetsKeepTheFirstChoiceWhateverTheTieBreak() {
        assertEquals("b", first(at(0, 0.0020, 0.0020, 50, 20))); // tie broken by lower latency

        for (int second = 10; second <= 300; second += 10) {
            long latencyA = second % 20 == 0 ? 10 : 90;
            RoutingDecision decision = at(second, 0.0020, 0.0020, latencyA, 100 - latencyA);
            assertEquals("b", first(decision), "at " + second + " s");
        }
    }

    @Test
    void equalCostTargetsDoNotFlapEvenWithHysteresisDisabled() {
        Router noHysteresis = new Router(config().cluster("a", 0.09).cluster("b", 0.09).build());
        Instant now = T0;
        for (int step = 0; step < 10; step++) {
            long latencyA = step % 2 == 0 ? 10 : 90;
            RoutingSnapshot snapshot = SnapshotFixture.at(now)
                    .healthy("a", latencyA).clusterCost("a", 0.002)
                    .healthy("b", 100 - latencyA).clusterCost("b", 0.002)
                    .build();
            assertEquals("a", first(noHysteresis.decide(REQUEST, snapshot, now)), "step " + step);
            now = now.plusSeconds(30);
        }
    }

    @Test
    void withHysteresisDisabledAStrictlyCheaperTargetWinsAtOnce() {
        Router noHysteresis = new Router(config().cluster("a", 0.09).cluster("b", 0.09).build());
        RoutingSnapshot first = SnapshotFixture.at(T0)
                .healthy("a", 20).clusterCost("a", 0.0020).healthy("b", 20).clusterCost("b", 0.0021).build();
        RoutingSnapshot second = SnapshotFixture.at(T0)
                .healthy("a", 20).clusterCost("a", 0.0020).healthy("b", 20).clusterCost("b", 0.0019).build();

        assertEquals("a", first(noHysteresis.decide(REQUEST, first, T0)));
        assertEquals("b", first(noHysteresis.decide(REQUEST, second, T0)));
    }

    @Test
    void eachRequestedModelHasItsOwnMemory() {
        Router aliased = new Router(config().hysteresis(0.10, Duration.ofSeconds(60))
                .cluster("a", 0.09).cluster("b", 0.09).alias("fleet", "a", "b").build());
        RoutingSnapshot before = SnapshotFixture.at(T0)
                .healthy("a", 20).clusterCost("a", 0.0020).healthy("b", 20).clusterCost("b", 0.0021).build();
        RoutingSnapshot after = SnapshotFixture.at(T0)
                .healthy("a", 20).clusterCost("a", 0.0020).healthy("b", 20).clusterCost("b", 0.0015).build();

        assertEquals("a", first(aliased.decide(REQUEST, before, T0)));
        assertEquals("a", first(aliased.decide(REQUEST, after, T0.plusSeconds(1))));
        assertEquals("b", first(aliased.decide(new RouteRequest("fleet", 1000, 500), after, T0.plusSeconds(1))));
    }

    @Test
    void aBetterTierWinsAfterHoldTimeWhateverItsPrice() {
        Router hybrid = new Router(config().strategy(RoutingStrategyName.HYBRID).clusterCostThreshold(0.002)
                .hysteresis(0.10, Duration.ofSeconds(60))
                .cluster("c", 0.09).provider("openai", "gpt-4o-mini").build());

        RoutingDecision overThreshold = hybrid.decide(REQUEST, hybridRecords(T0, 0.0030), T0);
        assertEquals(List.of("openai", "c"), order(overThreshold));

        // c drops under the threshold: the cheap-cluster group beats providers, but only after holdTime.
        RoutingDecision justUnder = hybrid.decide(REQUEST, hybridRecords(T0.plusSeconds(10), 0.0019), T0.plusSeconds(10));
        assertEquals("openai", first(justUnder));
        assertTrue(justUnder.candidates().get(0).reason().contains("c ranks in a better group"),
                justUnder.candidates().get(0).reason());
        assertEquals("c", first(hybrid.decide(REQUEST, hybridRecords(T0.plusSeconds(70), 0.0019), T0.plusSeconds(70))));
    }

    private static RoutingSnapshot hybridRecords(Instant at, double clusterPer1k) {
        return SnapshotFixture.at(at).healthy("c", 20).clusterCost("c", clusterPer1k)
                .providerCost("openai", "gpt-4o-mini", 0.00015, 0.0006, null).build();
    }

    /**
     * a's window fits short prompts only. A long prompt goes to b, but a stays the choice, and c's clock
     * as a cheaper challenger keeps running across the long prompt.
     */
    @Test
    void aPromptTooLongForTheCurrentChoiceMovesOnlyThatRequest() {
        Router windowed = new Router(config().hysteresis(0.10, Duration.ofSeconds(60))
                .cluster(RouterConfigFixture.cluster("a", io.llmrouter.config.CloudProvider.AWS, 0.09, "t3.large",
                        List.of(), 2048))
                .cluster("b", 0.09).cluster("c", 0.09).build());
        RouteRequest shortPrompt = new RouteRequest("auto", 500, 100);
        RouteRequest longPrompt = new RouteRequest("auto", 3000, 100);

        assertEquals("a", first(windowed.decide(shortPrompt, snapshot(0, 0.0020, 0.0030, 0.0030), T0)));
        // c 25% cheaper than a from second 10.
        assertEquals("a", first(windowed.decide(shortPrompt, snapshot(10, 0.0020, 0.0030, 0.0015), T0.plusSeconds(10))));

        RoutingDecision tooLong = windowed.decide(longPrompt, snapshot(30, 0.0020, 0.0030, 0.0015), T0.plusSeconds(30));
        assertEquals(List.of("c", "b"), order(tooLong));
        assertTrue(tooLong.candidates().get(0).reason().startsWith("for this request only: current choice a cannot take it"),
                tooLong.candidates().get(0).reason());

        // a is still the choice for short prompts, and c's clock started at 10 s, not at 30 s.
        assertEquals("a", first(windowed.decide(shortPrompt, snapshot(40, 0.0020, 0.0030, 0.0015), T0.plusSeconds(40))));
        RoutingDecision switched = windowed.decide(shortPrompt, snapshot(70, 0.0020, 0.0030, 0.0015), T0.plusSeconds(70));
        assertTrue(switched.candidates().get(0).reason().startsWith("switched from a: c is 25.0% better by cost for 60 s"),
                switched.candidates().get(0).reason());
    }

    /** A full queue forces the choice off the cheap cluster; it returns the moment its queue clears. */
    @Test
    void aChoiceForcedOffReturnsAtOnceWhenItCanTakeRequestsAgain() {
        Router spill = new Router(config().hysteresis(0.10, Duration.ofSeconds(60)).maxQueueDepth(2)
                .cluster("a", 0.09).cluster("b", 0.09).build());
        assertEquals("a", first(spill.decide(REQUEST, queues(0, 0, 0, 0.0020, 0.0021), T0)));

        RoutingDecision full = spill.decide(REQUEST, queues(5, 3, 0, 0.0020, 0.0021), T0.plusSeconds(5));
        assertEquals("b", first(full));

        assertEquals("b", first(spill.decide(REQUEST, queues(6, 3, 0, 0.0020, 0.0021), T0.plusSeconds(6))));

        RoutingDecision back = spill.decide(REQUEST, queues(7, 0, 0, 0.0010, 0.0021), T0.plusSeconds(7));
        assertEquals("a", first(back), "a is 52% cheaper than b and can take requests again");
        assertTrue(back.candidates().get(0).reason().startsWith("back from b, taken only while better candidates could "
                + "not take requests: a is 52.4% better by cost"), back.candidates().get(0).reason());
    }

    /** Back, but not better than the spill target by the margin: the usual rules, no flapping between equals. */
    @Test
    void aChoiceForcedOffStaysOffWhenItIsNoLongerBetterByTheMargin() {
        Router spill = new Router(config().hysteresis(0.10, Duration.ofSeconds(60)).maxQueueDepth(2)
                .cluster("a", 0.09).cluster("b", 0.09).build());
        assertEquals("a", first(spill.decide(REQUEST, queues(0, 0, 0, 0.0020, 0.0021), T0)));
        assertEquals("b", first(spill.decide(REQUEST, queues(5, 3, 0, 0.0020, 0.0021), T0.plusSeconds(5))));
        for (int second = 7; second < 200; second += 20) {
            assertEquals("b", first(spill.decide(REQUEST, queues(second, 0, 0, 0.0020, 0.0021), T0.plusSeconds(second))),
                    "at " + second + " s");
        }
    }

    private static RoutingSnapshot queues(int second, int deferredA, int deferredB, double priceA, double priceB) {
        Instant at = T0.plusSeconds(second);
        return SnapshotFixture.at(at)
                .health(SnapshotFixture.upRecord("a", at, 20L, deferredA, null, List.of())).clusterCost("a", priceA)
                .health(SnapshotFixture.upRecord("b", at, 20L, deferredB, null, List.of())).clusterCost("b", priceB)
                .build();
    }

    private static RoutingSnapshot snapshot(int second, double priceA, double priceB, double priceC) {
        return SnapshotFixture.at(T0.plusSeconds(second))
                .healthy("a", 20).clusterCost("a", priceA)
                .healthy("b", 20).clusterCost("b", priceB)
                .healthy("c", 20).clusterCost("c", priceC)
                .build();
    }
}
