package io.llmrouter.gateway;

import io.llmrouter.cost.RequestCostEstimate;
import io.llmrouter.forward.TargetGate;
import io.llmrouter.forward.translate.Usage;
import io.llmrouter.limits.Limiter;
import io.llmrouter.routing.Candidate;

import java.util.Optional;

/**
 * The targets' own rate limits ({@code limits.targets}) as the forwarder asks about them: an attempt takes one
 * request and its estimated tokens (prompt and max_tokens) of its target's minute, and settles with the tokens
 * the target reported.
 */
final class TargetRateLimits implements TargetGate {

    private final Limiter limiter;

    TargetRateLimits(Limiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public Optional<String> take(Candidate candidate) {
        String target = candidate.target().name();
        return limiter.limitsTarget(target) ? limiter.takeTarget(target, tokens(candidate)) : Optional.empty();
    }

    @Override
    public void sent(Candidate candidate, Usage usage) {
        String target = candidate.target().name();
        if (!limiter.limitsTarget(target)) {
            return;
        }
        Integer total = usage == null ? Integer.valueOf(0) : usage.totalTokens();
        Long used = total == null ? null : Long.valueOf(total);
        limiter.settleTarget(target, tokens(candidate), used);
    }

    private static long tokens(Candidate candidate) {
        RequestCostEstimate estimate = candidate.estimate();
        return estimate == null ? 0 : (long) estimate.promptTokens() + estimate.outputTokens();
    }
}
