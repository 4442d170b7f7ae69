package io.llmrouter.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    private static String percentEightF(double value) {
        String formatted = String.format(Locale.ROOT, "%.8f", value);
        return formatted.equals("-0.00000000") ? "0.00000000" : formatted;
    }
}
