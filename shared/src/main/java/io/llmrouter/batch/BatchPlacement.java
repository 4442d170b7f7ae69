package io.llmrouter.batch;

import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where batch requests may run now, the point of batches: a cluster is paid by the hour whether its slots work or
 * not, so a slot that is idle runs a batch request for almost nothing, while a provider bills every token.
 *
 * <p>While the completion window has time, a batch request runs only in an idle cluster's free slot: a cluster
 * that is up, has no request waiting for a slot (queue depth 0) and has more free slots than
 * {@code reservedSlots}, which stay free for live traffic. A cluster with a queue, or without a report of its
 * slots, gets none: live requests need it, or nobody can tell that they do not. When no cluster is idle, batch
 * requests wait.
 *
 * <p>Once waiting could make the batch miss its window, the remaining requests go to the cheapest target that can take
 * them now (the router's candidates, healthy and within their queue and latency limits, ordered by the request's
 * estimated cost), provider or cluster. That is when less than {@code urgentShare} of the window is left, or earlier
 * when the pace the idle slots have kept so far would need more than half the time left to answer the rest: idle
 * capacity that cannot finish in time is no saving.
 *
 * @param reservedSlots free slots of each cluster that batch requests never take
 * @param urgentShare   the share of the completion window (0..1) at whose end the remaining requests stop waiting
 *                      for idle slots
 * @param urgentParallelism how many requests of a batch run at once when urgent
 */
public record BatchPlacement(int reservedSlots, double urgentShare, int urgentParallelism) {

    public static final BatchPlacement DEFAULTS = new BatchPlacement(1, 0.25, 8);

    /** Where one request goes. */
    public sealed interface Choice {
        /** A free slot of this idle cluster, and nowhere else. */
        record IdleCluster(String target) implements Choice {
        }

        /** The cheapest candidate that can take it now, then the next cheapest. */
        record Cheapest() implements Choice {
        }
    }

    /**
     * How many batch requests may start now on each idle cluster, in the order given: the free slots at the last
     * probe, less the reserved ones.
     */
    public Map<String, Integer> idleSlots(RoutingSnapshot snapshot, Collection<String> clusters) {
        Map<String, Integer> idle = new LinkedHashMap<>();
        for (String cluster : clusters) {
            HealthRecord health = snapshot.healthOf(cluster).orElse(null);
            if (health == null || !health.up() || health.requestsDeferred() == null || health.totalSlots() == null) {
                continue;
            }
            Integer busy = health.busySlots() != null ? health.busySlots() : health.requestsProcessing();
            if (busy == null || health.requestsDeferred() > 0) {
                continue;
            }
            int free = health.totalSlots() - busy - reservedSlots;
            if (free > 0) {
                idle.put(cluster, free);
            }
        }
        return idle;
    }

    /**
     * Whether the batch's requests stop waiting for idle slots: too little of the window is left, or the pace of the
     * requests answered since the batch started would not finish the {@code remaining} ones within half the time left.
     */
    public boolean urgent(Batch batch, Instant now, int remaining) {
        Duration window = Duration.between(batch.createdAt(), batch.expiresAt());
        Duration left = Duration.between(now, batch.expiresAt());
        if (left.toMillis() <= window.toMillis() * urgentShare) {
            return true;
        }
        Instant started = batch.at(BatchStatus.IN_PROGRESS);
        int answered = batch.counts().completed() + batch.counts().failed();
        if (started == null || answered == 0 || remaining == 0) {
            return false;
        }
        double perRequestMillis = (double) Duration.between(started, now).toMillis() / answered;
        return perRequestMillis * remaining > left.toMillis() / 2.0;
    }
}
