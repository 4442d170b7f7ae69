package io.llmrouter.health;

import io.llmrouter.state.HealthRecord;
import java.time.Instant;

/**
 * A cluster's health changed state between two observations.
 *
 * @param previous "up", "down", or "unknown" when the poller had never seen the cluster
 * @param current  "up" or "down"
 * @param reason   the reason of the new observation
 */
public record HealthTransition(String cluster, String previous, String current, String reason, Instant observedAt) {

    static String stateOf(HealthRecord record) {
        return record == null ? "unknown" : record.up() ? "up" : "down";
    }

    /**
     * The transition from {@code before} to {@code after}, or null when nothing worth telling
     * happened. A first sighting of a healthy cluster is not news; a first sighting of a dead one is.
     */
    static HealthTransition between(HealthRecord before, HealthRecord after) {
        String previous = stateOf(before);
        String current = stateOf(after);
        if (previous.equals(current) || ("unknown".equals(previous) && after.up())) {
            return null;
        }
        return new HealthTransition(after.target(), previous, current, after.reason(), after.observedAt());
    }
}
