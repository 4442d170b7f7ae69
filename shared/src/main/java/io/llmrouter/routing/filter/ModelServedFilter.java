package io.llmrouter.routing.filter;

import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Target;
import io.llmrouter.routing.TargetState;
import io.llmrouter.state.HealthRecord;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The target must serve the upstream model it would be asked for. Matters for alias entries that pin
 * a model ({@code target/model}): the catalog only resolves concrete names to targets that serve them.
 * A target that lists no models passes, unless it is a cluster whose health record reports models
 * and not this one.
 */
final class ModelServedFilter implements TargetFilter {

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        String model = state.eligible().upstreamModel();
        if (model == null) {
            return Optional.empty();
        }
        Target target = state.target();
        List<String> listed = target.models();
        if (!listed.isEmpty()) {
            return listed.contains(model) ? Optional.empty()
                    : Optional.of("does not serve model '" + model + "' (its config lists " + listed + ")");
        }
        HealthRecord health = state.health();
        if (health != null && !health.servedModels().isEmpty() && !health.servedModels().contains(model)) {
            return Optional.of("does not serve model '" + model + "' (it reports " + health.servedModels() + ")");
        }
        return Optional.empty();
    }
}
