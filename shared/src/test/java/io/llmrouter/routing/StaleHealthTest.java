package io.llmrouter.routing;

import io.llmrouter.routing.RoutingDecision.Outcome;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.llmrouter.routing.Decisions.order;
import static io.llmrouter.routing.Decisions.rejectionOf;
import static io.llmrouter.routing.RouterConfigFixture.config;
import static io.llmrouter.routing.SnapshotFixture.upRecord;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a cluster's health record counts as stale: its age as the route function can know it (up to
 * when its snapshot was loaded, within one refresh), and what a successful answer changes.
 * Polls every 2 s, stale after 3: a 6 s window; the snapshot refresh is the default 5 s.
 */
class StaleHealthTest {

    private static final Instant LOADED = Instant.parse("2026-12-04T12:00:00Z");
    private static final RouteRequest AUTO = new RouteRequest("auto", 100, 50);

    private final Router router = new Router(config().healthCheck(Duration.ofSeconds(2), 3)
            .cluster("gpu", 0.09).build());

    /** The snapshot, loaded at LOADED, holds a record observed {@code ageWhenLoaded} earlier. */
    private static RoutingSnapshot loadedWithRecordAged(Duration ageWhenLoaded) {
        return SnapshotFixture.at(LOADED)
                .health(upRecord("gpu", LOADED.minus(ageWhenLoaded), 20L, 0, null, List.of())).build();
    }

    @Test
    void aRecordFreshWhenLoadedIsNotRefusedWhileTheSnapshotIsWithinItsRefresh() {
        // Observed 2 s before the load; 4.9 s later it is 6.9 s old, but a newer one may be in the store.
        RoutingSnapshot snapshot = loadedWithRecordAged(Duration.ofSeconds(2));

        RoutingDecision decision = router.decide(AUTO, snapshot, LOADED.plusMillis(4_900));

        assertEquals(List.of("gpu"), order(decision));
        assertFalse(decision.candidates().get(0).reason().contains("live evidence"), "nothing to explain");
    }

    @Test
    void theSnapshotsGraceEndsAtOneRefreshSoARecordFromAStoppedPollerStillAgesOut() {
        RoutingSnapshot snapshot = loadedWithRecordAged(Duration.ofSeconds(2));

        // 9 s after the load (the store unreachable since): 11 s old, 5 s of it forgiven: 6 s, the edge.
        assertEquals(Outcome.ROUTED, router.decide(AUTO, snapshot, LOADED.plusSeconds(9)).outcome());
        RoutingDecision later = router.decide(AUTO, snapshot, LOADED.plusMillis(9_100));
        assertEquals(Outcome.NO_HEALTHY_TARGET, later.outcome());
        assertEquals("health record is stale: 6.1 s old (stale after 6.0 s)", rejectionOf(later, "gpu"));
    }

    @Test
    void aRecordAlreadyStaleWhenLoadedIsRefusedAtOnce() {
        RoutingDecision decision = router.decide(AUTO, loadedWithRecordAged(Duration.ofMillis(6_500)), LOADED);

        assertEquals("health record is stale: 6.5 s old (stale after 6.0 s)", rejectionOf(decision, "gpu"));
    }

    @Test
    void aClusterThatAnsweredWithinTheWindowIsKeptAndTheReasonSaysSo() {
        RoutingSnapshot snapshot = loadedWithRecordAged(Duration.ofSeconds(8));
        router.evidence().answered("gpu", LOADED.minusMillis(1_500));

        RoutingDecision decision = router.decide(AUTO, snapshot, LOADED);

        assertEquals(List.of("gpu"), order(decision));
        String reason = decision.candidates().get(0).reason();
        assertTrue(reason.contains("kept on live evidence: health record 8.0 s old (stale after 6.0 s), "
                + "but it answered here 1.5 s ago"), reason);
    }

    @Test
    void anAnswerOlderThanTheWindowIsNoEvidence() {
        RoutingSnapshot snapshot = loadedWithRecordAged(Duration.ofSeconds(8));
        router.evidence().answered("gpu", LOADED.minusMillis(6_100));

        RoutingDecision decision = router.decide(AUTO, snapshot, LOADED);

        assertTrue(rejectionOf(decision, "gpu").startsWith("health record is stale: 8.0 s old"));
    }

    @Test
    void liveEvidenceDoesNotOverruleARecordThatSaysDown() {
        RoutingSnapshot snapshot = SnapshotFixture.at(LOADED)
                .health(HealthRecord.down("gpu", "connect refused", LOADED.minusSeconds(1), null)).build();
        router.evidence().answered("gpu", LOADED.minusMillis(500));

        RoutingDecision decision = router.decide(AUTO, snapshot, LOADED);

        assertEquals("down: connect refused", rejectionOf(decision, "gpu"));
    }

    @Test
    void evidenceNeverMovesBackInTime() {
        LiveEvidence evidence = new LiveEvidence();
        evidence.answered("gpu", LOADED);
        evidence.answered("gpu", LOADED.minusSeconds(3)); // a request that started earlier finished later

        assertEquals(LOADED, evidence.lastAnswered("gpu"));
    }
}
