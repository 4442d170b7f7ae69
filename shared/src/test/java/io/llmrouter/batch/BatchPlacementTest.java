package io.llmrouter.batch;

import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where batch requests may run: idle slots only, a slot kept for live traffic, and when waiting stops. */
class BatchPlacementTest {

    static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");

    static RoutingSnapshot fleet(HealthRecord... records) {
        return RoutingSnapshot.of(List.of(records), List.of(), List.of(), T0);
    }

    static Batch started(RequestCounts counts, Instant startedAt) {
        return new Batch("batch_1", "/v1/chat/completions", "file-1", "24h", BatchStatus.IN_PROGRESS, T0,
                T0.plus(Duration.ofHours(24)), Map.of(BatchStatus.IN_PROGRESS, startedAt), counts, null, null, List.of(),
                Map.of(), null, 0, null, Map.of(), Batch.ANONYMOUS);
    }

    @Test
    void onlyClustersThatAreUpWithNoQueueAndMoreFreeSlotsThanTheReservedOnesTakeBatchRequests() {
        RoutingSnapshot snapshot = fleet(
                FakeTargets.cluster("idle", 4, 1, 0),
                FakeTargets.cluster("queued", 8, 8, 2),
                FakeTargets.cluster("one-free", 4, 3, 0),
                HealthRecord.down("down", "connect refused", T0, null),
                new HealthRecord("no-slots", true, "ok", T0, 3L, 10.0, 10.0, null, null, null, 0, null, null, null,
                        List.of(), null));

        Map<String, Integer> idle = BatchPlacement.DEFAULTS.idleSlots(snapshot,
                List.of("idle", "queued", "one-free", "down", "no-slots", "never-probed"));

        assertEquals(Map.of("idle", 2), idle, "one free slot of each cluster stays for live traffic");
        assertEquals(Map.of("idle", 3, "one-free", 1),
                new BatchPlacement(0, 0.25, 8).idleSlots(snapshot, List.of("idle", "one-free")));
    }

    @Test
    void theLastQuarterOfTheWindowIsUrgent() {
        Batch batch = started(RequestCounts.NONE, T0);

        assertFalse(BatchPlacement.DEFAULTS.urgent(batch, T0.plus(Duration.ofHours(17)), 100));
        assertTrue(BatchPlacement.DEFAULTS.urgent(batch, T0.plus(Duration.ofHours(18)), 100));
    }

    @Test
    void aPaceThatWouldNotFinishInHalfTheTimeLeftIsUrgentEarlier() {
        Instant now = T0.plus(Duration.ofHours(2));
        // 100 answered in 2 h: 72 s each. 22 h are left, half of it 11 h = 550 requests at that pace.
        Batch slow = started(new RequestCounts(1000, 90, 10), T0);

        assertFalse(BatchPlacement.DEFAULTS.urgent(slow, now, 500));
        assertTrue(BatchPlacement.DEFAULTS.urgent(slow, now, 600));
        assertFalse(BatchPlacement.DEFAULTS.urgent(started(RequestCounts.NONE, T0), now, 600),
                "no pace yet: nothing to judge by before the last quarter");
    }
}
