package io.llmrouter.routing;

import java.util.List;
import java.util.Optional;

/**
 * The router's answer for one request: the candidates to try, in order, and the targets it left out.
 *
 * <p>Every outcome is an answer, never an exception: when no target can take the request, the
 * rejections say why for each one.
 *
 * @param candidates the targets to try in order; the route function moves to the next when one fails.
 *                   Empty unless {@link Outcome#ROUTED}
 * @param rejections eligible targets that were filtered out, with the reason
 */
public record RoutingDecision(Outcome outcome, String requestedModel, List<Candidate> candidates,
                              List<Rejection> rejections) {

    public enum Outcome {
        /** At least one candidate. */
        ROUTED,
        /** No target serves the requested model name at all. */
        UNKNOWN_MODEL,
        /** Targets serve the model, but every one of them was rejected. */
        NO_HEALTHY_TARGET
    }

    public RoutingDecision {
        candidates = List.copyOf(candidates);
        rejections = List.copyOf(rejections);
    }

    public static RoutingDecision unknownModel(String requestedModel) {
        return new RoutingDecision(Outcome.UNKNOWN_MODEL, requestedModel, List.of(), List.of());
    }

    /** The first candidate: where the request goes first. */
    public Optional<Candidate> chosen() {
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(0));
    }

    /** One line for logs and error bodies. */
    public String summary() {
        return switch (outcome) {
            case ROUTED -> "model '" + requestedModel + "' routed to " + candidates.get(0).summary()
                    + (rejections.isEmpty() ? "" : "; " + rejections.size() + " target(s) rejected");
            case UNKNOWN_MODEL -> "unknown model '" + requestedModel
                    + "': it is not 'auto', not an alias, and no cluster or provider serves it";
            case NO_HEALTHY_TARGET -> "no target can take model '" + requestedModel + "' now: "
                    + String.join("; ", rejections.stream().map(r -> r.target().name() + ": " + r.reason()).toList());
        };
    }
}
