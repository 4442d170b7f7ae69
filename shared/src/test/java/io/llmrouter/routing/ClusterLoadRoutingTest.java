package io.llmrouter.routing;

import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.llmrouter.routing.Decisions.order;
import static io.llmrouter.routing.Decisions.rejectionOf;
import static io.llmrouter.routing.RouterConfigFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Between two probes the router judges a cluster's load on the probe plus what its own instance did
 * since: the requests it sent (which fill free slots, then queue) and those of its requests the probe
 * counted that have ended.
 */
class ClusterLoadRoutingTest {

    private static final Instant PROBE = Instant.parse("2026-12-05T10:00:00Z");

    private final MutableClock clock = new MutableClock(PROBE.minusSeconds(1));
    private final LiveEvidence evidence = new LiveEvidence();

    /** Two slots, {@code busy} of them busy and {@code deferred} waiting at the probe; speeds per slot. */
    private static HealthRecord probed(String cluster, int busy, int deferred, Double generation, Double prompt) {
        return new HealthRecord(cluster, true, "ok", PROBE, 20L, generation, prompt, null, null, busy, deferred, busy, 2,
                null, List.of(), "r1");
    }

    private static RoutingSnapshot snapshot(HealthRecord record) {
        return SnapshotFixture.at(PROBE).health(record).clusterCost(record.target(), 0.001)
                .providerCost("openai", "gpt-4o", 0.0025, 0.01, null).build();
    }

    private Router router(RouterConfigFixture config) {
        return new Router(config.cluster("c", 0.09).provider("openai", "gpt-4o", "gpt-4o").build(), evidence);
    }

    @Test
    void requestsSentSinceTheProbeFillTheFreeSlotsThenQueue() {
        Router router = router(config().maxQueueDepth(2));
        RoutingSnapshot snapshot = snapshot(probed("c", 1, 0, null, null));
        clock.set(PROBE.plusSeconds(1));
        List<LiveEvidence.InFlight> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // one free slot, then a queue of three
            assertEquals("c", order(router.decide(new RouteRequest("auto", 100, null), snapshot, clock.instant())).get(0));
            sent.add(evidence.sending("c", clock));
        }

        RoutingDecision full = router.decide(new RouteRequest("auto", 100, null), snapshot, clock.instant());
        sent.add(evidence.sending("openai", clock));

        assertEquals(List.of("openai"), order(full));
        assertEquals("queue depth 3 (0 waiting at the last probe, 4 sent here since) is over maxQueueDepth 2",
                rejectionOf(full, "c"));
        sent.get(0).close(); // one of them ends: the queue is back to 2
        assertEquals("c", order(router.decide(new RouteRequest("auto", 100, null), snapshot, clock.instant())).get(0));
    }

    @Test
    void requestsTheProbeCountedThatEndedSinceFreeTheirPlaces() {
        Router router = router(config().maxQueueDepth(2));
        LiveEvidence.InFlight first = evidence.sending("c", clock);   // sent before the probe: it counted them
        LiveEvidence.InFlight second = evidence.sending("c", clock);
        RoutingSnapshot snapshot = snapshot(probed("c", 2, 3, null, null));
        clock.set(PROBE.plusSeconds(1));
        RoutingDecision atProbe = router.decide(new RouteRequest("auto", 100, null), snapshot, clock.instant());
        assertEquals(List.of("openai"), order(atProbe));
        assertEquals("queue depth 3 is over maxQueueDepth 2", rejectionOf(atProbe, "c"));

        first.close();
        second.close();

        assertEquals("c", order(router.decide(new RouteRequest("auto", 100, null), snapshot, clock.instant())).get(0),
                "2 busy + 3 waiting - 2 ended = 3 for 2 slots: a queue of 1");
    }

    @Test
    void aClusterThatWouldAnswerLaterThanTheTtftSlaIsSkipped() {
        Router router = router(config().ttftSla(Duration.ofSeconds(2)));
        // 1,000-token prompt at 1,000 tokens/s: 1 s of prefill; 256 assumed output tokens at 100 tokens/s: 2.56 s.
        RouteRequest request = new RouteRequest("auto", 1000, null);

        RoutingDecision slotFree = router.decide(request, snapshot(probed("c", 1, 0, 100.0, 1000.0)), PROBE);
        assertEquals("c", order(slotFree).get(0), "a free slot: 1 s to the first token");

        RoutingDecision bothBusy = router.decide(request, snapshot(probed("c", 2, 0, 100.0, 1000.0)), PROBE);
        assertEquals(List.of("openai"), order(bothBusy));
        assertEquals("estimated time to first token 2.8 s (1 ahead for 2 slots: 0 waiting at the last probe) is over "
                + "ttftSla 2.0 s", rejectionOf(bothBusy, "c"), "half of 3.56 s of service, then 1 s of prefill");

        // Answers here are 20 tokens long: a slot frees after 1.2 s, the first token comes after 1.6 s.
        for (int i = 0; i < 200; i++) {
            evidence.generated("c", 20);
        }
        assertEquals("c", order(router.decide(request, snapshot(probed("c", 2, 0, 100.0, 1000.0)), PROBE)).get(0));
    }

    @Test
    void withoutATtftSlaOnlyTheQueueDepthCounts() {
        Router router = router(config());
        RoutingDecision decision = router.decide(new RouteRequest("auto", 1000, null),
                snapshot(probed("c", 2, 5, 100.0, 1000.0)), PROBE);
        assertEquals("c", order(decision).get(0));
    }

    @Test
    void aTypicalOutputLengthFollowsTheAnswers() {
        assertEquals(null, evidence.typicalOutputTokens("c"));
        evidence.generated("c", 100);
        assertEquals(100.0, evidence.typicalOutputTokens("c"));
        evidence.generated("c", 200);
        assertEquals(105.0, evidence.typicalOutputTokens("c"), 1e-9, "5% weight on the newest answer");
        assertTrue(evidence.typicalOutputTokens("other") == null);
    }
}
