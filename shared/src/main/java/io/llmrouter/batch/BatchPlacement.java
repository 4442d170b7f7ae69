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
 * <p>Once less than {@code urgentShare} of the window is left, waiting could make the batch miss it: the remaining
 * requests go to the cheapest target that can take them now (the router's candidates, healthy and within their
 * queue and latency limits, ordered by the request's estimated cost), provider or cluster.
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

    /** Whether so little of the window is left that the batch's requests stop waiting for idle slots. */
    public boolean urgent(Batch batch, Instant now) {
        Duration window = Duration.between(batch.createdAt(), batch.expiresAt());
        Duration left = Duration.between(now, batch.expiresAt());
        return left.toMillis() <= window.toMillis() * urgentShare;
    }
}
