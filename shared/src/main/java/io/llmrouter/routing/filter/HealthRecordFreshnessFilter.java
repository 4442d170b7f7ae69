package io.llmrouter.routing.filter;

import io.llmrouter.health.HealthRecord;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A cluster needs a recent health record: without one the router cannot know whether it is up, and
 * sending traffic blind is what the poller exists to avoid. "Recent" is {@code router.healthStaleAfter()}
 * (poll interval x staleAfterIntervals) before {@code now}. Providers are not probed and pass.
 */
final class HealthRecordFreshnessFilter implements TargetFilter {

    private final Duration staleAfter;

    HealthRecordFreshnessFilter(Duration staleAfter) {
        this.staleAfter = staleAfter;
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
        Duration age = Duration.between(health.observedAt(), now);
        if (age.compareTo(staleAfter) > 0) {
            return Optional.of("health record is stale: " + age.toSeconds() + " s old (stale after "
                    + staleAfter.toSeconds() + " s)");
        }
        return Optional.empty();
    }
}
