package io.llmrouter.gateway;

import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.routing.HealthFreshness;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.Target;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.time.Instant;

/**
 * One target as this instance sees it now: healthy or not and why, its load and its price, read from the
 * routing snapshot. The admin state lists all of it; the playground's fleet only what a client may see.
 *
 * @param healthy         a cluster: its record is fresh, says up and its breaker admits; a provider: its breaker admits
 * @param reason          why, in the router's words (the record's reason, a freshness note, a breaker note)
 * @param queueDepth      requests waiting at the cluster by the last probe; null for providers or without a record
 * @param costPer1k       $/1K tokens of its cost record (the provider's default model); null without one
 * @param breakerPosition the breaker's position as it acts now (closed, open, half-open)
 * @param observedAt      when its health record (else its cost record) was observed; null without either
 */
record TargetStatus(Target target, boolean healthy, String reason, Double tokensPerSecond, Double queueDepth,
                    Double costPer1k, String breakerPosition, Instant observedAt) {

    static TargetStatus of(Target target, Router router, RoutingSnapshot snapshot, Instant now) {
        HealthRecord health = snapshot.healthOf(target.name()).orElse(null);
        CostRecord cost = snapshot.costOf(target.name(), defaultModelOf(target)).orElse(null);
        BreakerState breaker = snapshot.breakerOf(target.name()).orElse(null);
        boolean breakerAdmits = breaker == null || breaker.admits(now);
        String breakerNote = breakerNote(breaker, now);
        boolean healthy;
        String reason;
        Double tokensPerSecond = null;
        Double queueDepth = null;
        if (target.kind() == Target.Kind.CLUSTER) {
            HealthFreshness.Verdict fresh = health == null || health.observedAt() == null ? null
                    : router.freshness().judge(target.name(), health, snapshot.loadedAt(), now);
            healthy = fresh != null && fresh.admitted() && health.up() && breakerAdmits;
            String healthReason = health == null ? "no health record"
                    : fresh == null || fresh.note() == null ? health.reason() : health.reason() + "; " + fresh.note();
            reason = breakerNote == null ? healthReason : healthReason + "; " + breakerNote;
            if (health != null) {
                tokensPerSecond = health.generationTokensPerSecond();
                queueDepth = health.requestsDeferred() == null ? null : health.requestsDeferred().doubleValue();
            }
        } else {
            healthy = breakerAdmits;
            reason = breakerNote == null ? "ok" : breakerNote;
        }
        Instant observed = health != null ? health.observedAt() : cost != null ? cost.observedAt() : null;
        return new TargetStatus(target, healthy, reason, tokensPerSecond, queueDepth,
                cost == null ? null : cost.costPer1k(), BreakerPolicy.effectivePosition(breaker, now).wireName(), observed);
    }

    String kindName() {
        return target.kind() == Target.Kind.CLUSTER ? "cluster" : "provider";
    }

    /**
     * What the breaker means for the target now, in the router's words: why it keeps requests out (open,
     * or a trial under way), or that a trial is due, which the next request claims; null when closed.
     */
    private static String breakerNote(BreakerState breaker, Instant now) {
        if (breaker == null || breaker.state() == BreakerState.Position.CLOSED) {
            return null;
        }
        String refusal = breaker.refusal(now);
        return refusal != null ? refusal : BreakerState.TRIAL_DUE;
    }

    private static String defaultModelOf(Target target) {
        return target.kind() == Target.Kind.PROVIDER ? target.provider().defaultModel() : CostRecord.ANY_MODEL;
    }
}
