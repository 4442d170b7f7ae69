package io.llmrouter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.cost.ActualCost.CacheRates;
import io.llmrouter.forward.translate.Usage;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cost headers print eight decimals as {@code %.8f} does, rounding half up, except that a tiny negative
 * saving that rounds to nothing prints as {@code 0.00000000}, not {@code -0.00000000}.
 */
class AnswerPricingTest {

    @ParameterizedTest
    @ValueSource(doubles = {0, 1, 0.1, 0.000000005, 0.000000015, 0.123456785, 12.5, 1e-12, 3.999999999, -0.00042, 1234567.123456789})
    void printsAsPercentEightF(double value) {
        assertEquals(percentEightF(value), AnswerPricing.usd(value));
    }

    @Test
    void agreesOnManyCostsAndSavings() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            double value = (random.nextDouble() - 0.25) * Math.pow(10, -random.nextInt(9));
            assertEquals(percentEightF(value), AnswerPricing.usd(value), String.valueOf(value));
        }
    }

    private static final CostRecord CLAUDE = new CostRecord("anthropic", "claude-sonnet-4-5",
            3.0 / 1_000, 15.0 / 1_000, null, null, null, CostBasis.PRICE_FEED, "test", Instant.EPOCH);

    @Test
    void pricesAnthropicUsageAtAnthropicsCacheRates() {
        // as OpenAiToAnthropic reports message-cache-write.json: 21 uncached, 456 + 187630 written, 393 out
        Usage writes = new Usage(188107, 393, 0, 188086, 187630);
        assertEquals(1.133448, AnswerPricing.costAt(CLAUDE, writes, CacheRates.ANTHROPIC), 1e-12);
        Usage reads = new Usage(188107, 393, 188086);
        assertEquals(0.0623838, AnswerPricing.costAt(CLAUDE, reads, CacheRates.ANTHROPIC), 1e-12);
        // another provider's usage, or Anthropic's at a non-Anthropic baseline: every prompt token at the input price
        assertEquals(188107 * 0.003 + 393 * 0.015, AnswerPricing.costAt(CLAUDE, writes, CacheRates.STANDARD) * 1000, 1e-9);
        assertEquals(null, AnswerPricing.costAt(CLAUDE, new Usage(null, 3, null), CacheRates.ANTHROPIC));
    }

    private static String percentEightF(double value) {
        String formatted = String.format(Locale.ROOT, "%.8f", value);
        return formatted.equals("-0.00000000") ? "0.00000000" : formatted;
    }
}
