package io.llmrouter.routing.filter;

import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Instant;
import java.util.Optional;

/**
 * One reason a target may not take a request now. Filters pass what they cannot judge: a missing
 * measurement is not a failed one (except for the health record itself, see {@link HealthRecordFreshnessFilter}).
 */
public interface TargetFilter {

    /** Why the target must not take the request, in words for people; empty when it may. */
    Optional<String> rejection(TargetState state, RouteRequest request, Instant now);
}
