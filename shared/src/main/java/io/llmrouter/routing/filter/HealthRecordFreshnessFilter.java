package io.llmrouter.routing.filter;

import io.llmrouter.routing.HealthFreshness;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;
import io.llmrouter.state.HealthRecord;

import java.time.Instant;
import java.util.Optional;

/**
 * A cluster needs a recent health record: without one the router cannot know whether it is up, and
 * sending traffic blind is what the poller exists to avoid. "Recent" is judged by {@link HealthFreshness}:
 * the record's age as this instance can know it, or a successful answer within the window. Providers
 * are not probed and pass.
 */
final class HealthRecordFreshnessFilter implements TargetFilter {

    private final HealthFreshness freshness;

    HealthRecordFreshnessFilter(HealthFreshness freshness) {
        this.freshness = freshness;
    }

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        if (!state.target().isCluster()) {
            return Optional.empty();
        }
        HealthRecord health = state.health();
        if (health == null) {
            return Optional.of("no health record yet");
        }
        if (health.observedAt() == null) {
            return Optional.of("health record has no observation time");
        }
        HealthFreshness.Verdict verdict = freshness.judge(state.target().name(), health, state.snapshotLoadedAt(), now);
        return verdict.admitted() ? Optional.empty() : Optional.of(verdict.note());
    }

    /** Why an admitted cluster's stale record was overlooked; null when its record is fresh. */
    String keptNote(TargetState state, Instant now) {
        HealthRecord health = state.health();
        if (!state.target().isCluster() || health == null || health.observedAt() == null) {
            return null;
        }
        return freshness.judge(state.target().name(), health, state.snapshotLoadedAt(), now).note();
    }
}
