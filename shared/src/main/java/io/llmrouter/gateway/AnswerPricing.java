package io.llmrouter.gateway;

import io.llmrouter.config.ModelAlias;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.ProviderType;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ActualCost;
import io.llmrouter.cost.ActualCost.CacheRates;
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
 * {@code x-router-savings-usd} headers and the metrics' CostUSD and SavingsUSD. An Anthropic target's
 * prompt cache is priced at Anthropic's rates ({@link CacheRates#ANTHROPIC}): writes from the usage's write
 * counts, reads at the record's cached price or 0.1 x input.
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
                .map(record -> costAt(record, answered.usage(), rates(candidate.target().provider())))
                .orElse(null);
    }

    /**
     * What the request would have cost at {@code router.savingsBaseline}, minus what it cost: negative when
     * the chosen target was dearer. Null without a baseline or its cost record.
     */
    Double savings(Usage usage, double actual, RoutingSnapshot snapshot) {
        Double atBaseline = baselineCost(usage, snapshot);
        return atBaseline == null ? null : atBaseline - actual;
    }

    /** What the request would have cost at {@code router.savingsBaseline}; null without a baseline or its cost record. */
    Double baselineCost(Usage usage, RoutingSnapshot snapshot) {
        ModelAlias.AliasTarget baseline = config.router().savingsBaseline();
        if (baseline == null) {
            return null;
        }
        CacheRates rates = rates(config.provider(baseline.target()).orElse(null));
        return snapshot.costOf(baseline.target(), baseline.model()).map(record -> costAt(record, usage, rates)).orElse(null);
    }

    /** Anthropic bills its prompt cache by its own rates; every other target by the standard ones. */
    private static CacheRates rates(ProviderConfig provider) {
        return provider != null && provider.type() == ProviderType.ANTHROPIC ? CacheRates.ANTHROPIC : CacheRates.STANDARD;
    }

    static Double costAt(CostRecord record, Usage usage, CacheRates rates) {
        if (usage.promptTokens() == null || usage.completionTokens() == null) {
            return null;
        }
        try {
            int writes = usage.cacheWriteTokens() == null ? 0 : usage.cacheWriteTokens();
            int writes1h = usage.cacheWrite1hTokens() == null ? 0 : usage.cacheWrite1hTokens();
            TokenUsage tokens = new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens(),
                    writes, writes1h);
            return ActualCost.of(tokens, record, rates).totalCost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Eight decimals, as {@code %.8f} would print them, at a tenth of {@code String.format}'s cost. */
    static String usd(double value) {
        return BigDecimal.valueOf(value).setScale(8, RoundingMode.HALF_UP).toPlainString();
    }
}
