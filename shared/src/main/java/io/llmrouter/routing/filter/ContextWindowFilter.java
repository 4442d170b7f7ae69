package io.llmrouter.routing.filter;

import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;

import java.time.Instant;
import java.util.Optional;

/**
 * The request's prompt plus max_tokens must fit the target's context window. A cluster's window is
 * its configured {@code contextWindow}, else the per-slot {@code n_ctx} its health record reports; a
 * provider's comes from its cost record (the price feed). An unknown window passes.
 */
final class ContextWindowFilter implements TargetFilter {

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        Integer window = contextWindow(state);
        long required = request.requiredContextTokens();
        if (window == null || required <= window) {
            return Optional.empty();
        }
        return Optional.of("context window of " + window + " tokens is smaller than the " + required
                + " the request needs (prompt + max_tokens)");
    }

    private static Integer contextWindow(TargetState state) {
        if (state.target().isCluster()) {
            Integer configured = state.target().cluster().contextWindow();
            if (configured != null) {
                return configured;
            }
            if (state.health() != null && state.health().contextWindow() != null) {
                return state.health().contextWindow();
            }
        }
        return state.cost() == null ? null : state.cost().contextWindow();
    }
}
