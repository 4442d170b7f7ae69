package io.llmrouter.routing;

import io.llmrouter.cost.RequestCostEstimate;

import java.util.Locale;

/**
 * A target that passed every filter, in the place the strategy (and hysteresis) gave it.
 *
 * @param upstreamModel  the model name to send upstream (see {@link EligibleTarget})
 * @param estimate       what the request is expected to cost there; null when the target has no cost record
 * @param costPer1k      the target's $/1K ({@link io.llmrouter.state.CostRecord#costPer1k()}); null when unpriced
 * @param probeLatencyMs the cluster's last probe latency; null for providers and when unknown
 * @param tier           the strategy's group for this candidate; lower groups are tried first
 * @param reason         why it sits where it does, for people
 */
public record Candidate(Target target, String upstreamModel, RequestCostEstimate estimate, Double costPer1k,
                        Long probeLatencyMs, int tier, String reason) {

    /** The estimated cost of the request in dollars; null when the target cannot be priced. */
    public Double estimatedCost() {
        return estimate == null ? null : estimate.totalCost();
    }

    public Candidate withReason(String newReason) {
        return new Candidate(target, upstreamModel, estimate, costPer1k, probeLatencyMs, tier, newReason);
    }

    /** One line for logs and the admin view. */
    public String summary() {
        return target.name() + (upstreamModel == null ? "" : " (" + upstreamModel + ")")
                + ": estimated " + (estimate == null ? "unknown (no cost record)"
                        : String.format(Locale.ROOT, "$%.6f", estimate.totalCost()))
                + ", " + (costPer1k == null ? "no price" : String.format(Locale.ROOT, "%.5f $/1K", costPer1k))
                + ", latency " + (probeLatencyMs == null ? "unknown" : probeLatencyMs + " ms")
                + " - " + reason;
    }
}
