package io.llmrouter.routing.filter;

import io.llmrouter.routing.LiveEvidence;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.TargetState;
import io.llmrouter.state.HealthRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * With {@code router.ttftSla} set, a cluster is skipped when a request sent to it now would likely get
 * its first token later than the SLA: its wait for a slot plus the prefill of its prompt. The cheapest
 * target is only worth it if it answers in time.
 *
 * <p>The wait: the requests ahead of it ({@link ClusterLoad}) share the slots, each holding one for a
 * request's service time, taken as this prompt's prefill plus the cluster's typical output length
 * here ({@link LiveEvidence#typicalOutputTokens}, else {@code assumedOutputTokens}; the request's
 * max_tokens when smaller) of generation. Speeds are the cluster's from its last probe window
 * (llama-server's per-slot {@code prompt_tokens_seconds} and {@code predicted_tokens_seconds}), the
 * generation speed else the one its price was computed from. A cluster whose slots or generation speed
 * are unknown passes: no estimate, no rejection.
 */
final class TimeToFirstTokenFilter implements TargetFilter {

    private final double slaSeconds;
    private final int assumedOutputTokens;
    private final LiveEvidence evidence;

    /** @param sla null: no check */
    TimeToFirstTokenFilter(Duration sla, int assumedOutputTokens, LiveEvidence evidence) {
        this.slaSeconds = sla == null ? Double.NaN : sla.toNanos() / 1e9;
        this.assumedOutputTokens = assumedOutputTokens;
        this.evidence = evidence;
    }

    @Override
    public Optional<String> rejection(TargetState state, RouteRequest request, Instant now) {
        return Double.isNaN(slaSeconds) ? Optional.empty() : rejection(state, request, ClusterLoad.of(state, evidence));
    }

    /** The rejection for {@code state}'s cluster, whose load is {@code load} (null: its record reports no queue). */
    Optional<String> rejection(TargetState state, RouteRequest request, ClusterLoad load) {
        if (Double.isNaN(slaSeconds) || !state.target().isCluster()) {
            return Optional.empty();
        }
        Double decode = generationSpeed(state);
        if (load == null || !load.slotsKnown() || decode == null) {
            return Optional.empty();
        }
        HealthRecord health = state.health();
        Double prompt = positive(health.promptTokensPerSecond());
        double prefill = prompt == null ? 0 : request.promptTokens() / prompt;
        Double typical = evidence.typicalOutputTokens(state.target().name());
        double output = typical != null ? typical : assumedOutputTokens;
        if (request.maxOutputTokens() != null) {
            output = Math.min(output, request.maxOutputTokens());
        }
        double service = prefill + output / decode;
        int ahead = load.waitingAhead();
        double ttft = (double) ahead / load.slots() * service + prefill;
        if (ttft <= slaSeconds) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT,
                "estimated time to first token %.1f s (%d ahead for %d slots: %s) is over ttftSla %.1f s",
                ttft, ahead, load.slots(), load.describe(), slaSeconds));
    }

    private static Double generationSpeed(TargetState state) {
        Double live = state.health() == null ? null : positive(state.health().generationTokensPerSecond());
        if (live != null) {
            return live;
        }
        return state.cost() == null ? null : positive(state.cost().tokensPerSecond());
    }

    private static Double positive(Double value) {
        return value != null && value > 0 && Double.isFinite(value) ? value : null;
    }
}
