package io.llmrouter.gateway;

import io.llmrouter.keys.ApiKey;
import io.llmrouter.limits.Admission;
import io.llmrouter.limits.Limiter;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.RoutingDecision;

import java.util.List;

/**
 * A stored API key's bounds on one request: the models and targets it may use, and its own and its team's
 * budgets and rate limits. The same for a live request and for a request of a batch the key made, so that a
 * batch is no way around them.
 */
final class KeyBounds {

    /** Null: no key's budget or rate limits are enforced (a router without a limit store). */
    private final Limiter limiter;
    private final int assumedOutputTokens;

    KeyBounds(Limiter limiter, int assumedOutputTokens) {
        this.limiter = limiter;
        this.assumedOutputTokens = assumedOutputTokens;
    }

    /**
     * Reserves what a request routed to {@code candidates} may use of its key's and team's limits: prompt and
     * max_tokens (or the assumed output) at the dearest candidate's price, since failover may end there.
     */
    Admission admit(ApiKey caller, List<Candidate> candidates, RouteRequest request) {
        return admit(caller, reservedDollars(candidates), reservedTokens(request));
    }

    /** As {@link Limiter#admit}; everything is admitted without a limiter. */
    Admission admit(ApiKey caller, double dollars, long tokens) {
        return limiter == null ? Admission.UNLIMITED : limiter.admit(caller, dollars, tokens);
    }

    /** As {@link Limiter#settle}: {@code sent} false gives the whole reservation back. */
    void settle(Admission.Admitted admitted, Double dollars, Long tokens, boolean sent) {
        if (limiter != null) {
            limiter.settle(admitted, dollars, tokens, sent);
        }
    }

    static HttpAnswer modelNotAllowed(String model, RequestTrace trace) {
        trace.noTarget(ErrorAnswers.PERMISSION_DENIED);
        return ErrorAnswers.permissionDenied("This API key may not use the model `" + model + "`.");
    }

    /** The candidates on the key's targets; all of them for a key without targets. */
    static List<Candidate> allowedTargets(ApiKey caller, List<Candidate> candidates) {
        return caller == null || caller.targets().isEmpty() ? candidates
                : candidates.stream().filter(c -> caller.allowsTarget(c.target().name())).toList();
    }

    /**
     * Of the targets the router turned down (unhealthy, over budget), those the key may use, with why: when there
     * are some, the model is only unavailable to the key for now, as to any caller when every target is down.
     */
    static List<String> turnedDownTargets(RoutingDecision decision, ApiKey caller) {
        return decision.rejections().stream().filter(r -> caller.allowsTarget(r.target().name()))
                .map(r -> r.target().name() + ": " + r.reason()).toList();
    }

    /** None of the targets that serve the model is one the key may use. */
    static HttpAnswer targetsNotAllowed(String model, RequestTrace trace) {
        trace.noTarget(ErrorAnswers.PERMISSION_DENIED);
        return ErrorAnswers.permissionDenied("This API key may not use the model `" + model
                + "` on any of the targets that serve it.");
    }

    static HttpAnswer limited(Admission.Refused refused, RequestTrace trace) {
        trace.noTarget(refused.budget() ? ErrorAnswers.BUDGET_EXCEEDED : ErrorAnswers.RATE_LIMITED);
        return ErrorAnswers.limited(refused);
    }

    private static double reservedDollars(List<Candidate> candidates) {
        double dearest = 0;
        for (Candidate candidate : candidates) {
            Double cost = candidate.estimatedCost();
            if (cost != null && cost > dearest) {
                dearest = cost;
            }
        }
        return dearest;
    }

    private long reservedTokens(RouteRequest request) {
        return (long) request.promptTokens()
                + (request.maxOutputTokens() == null ? assumedOutputTokens : request.maxOutputTokens());
    }
}
