package io.llmrouter.gateway;

import io.llmrouter.config.ModelAlias;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ActualCost;
import io.llmrouter.cost.TokenUsage;
import io.llmrouter.forward.ForwardOutcome;
import io.llmrouter.forward.translate.Usage;
import io.llmrouter.routing.Candidate;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What an answered request cost, from the usage the upstream reported and the target's cost record,
 * and what it saved against {@code router.savingsBaseline}: the {@code x-router-cost-usd} and
 * {@code x-router-savings-usd} headers and the metrics' CostUSD and SavingsUSD.
 */
final class AnswerPricing {

    private final RouterConfig config;

    AnswerPricing(RouterConfig config) {
        this.config = config;
    }

    /** The request's cost from the usage the upstream reported and the target's cost record; null when unknown. */
    static Double actualCost(ForwardOutcome.Answered answered, RoutingSnapshot snapshot) {
        Candidate candidate = answered.candidate();
        return snapshot.costOf(candidate.target().name(), candidate.upstreamModel())
                .map(record -> costAt(record, answered.usage()))
                .orElse(null);
    }

    /**
     * What the request would have cost at {@code router.savingsBaseline}, minus what it cost: negative when
     * the chosen target was dearer. Null without a baseline or its cost record.
     */
    Double savings(Usage usage, double actual, RoutingSnapshot snapshot) {
        ModelAlias.AliasTarget baseline = config.router().savingsBaseline();
        if (baseline == null) {
            return null;
        }
        return snapshot.costOf(baseline.target(), baseline.model())
                .map(record -> costAt(record, usage))
                .map(atBaseline -> atBaseline - actual)
                .orElse(null);
    }

    private static Double costAt(CostRecord record, Usage usage) {
        if (usage.promptTokens() == null || usage.completionTokens() == null) {
            return null;
        }
        try {
            TokenUsage tokens = new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens());
            return ActualCost.of(tokens, record).totalCost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Eight decimals, as {@code %.8f} would print them, at a tenth of {@code String.format}'s cost. */
    static String usd(double value) {
        return BigDecimal.valueOf(value).setScale(8, RoundingMode.HALF_UP).toPlainString();
    }
}
