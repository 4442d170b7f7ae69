package io.llmrouter.keys;

import java.util.Objects;

/**
 * How much a key may spend per period. Stored and validated; enforcing it comes with the spend tracking.
 *
 * @param usd    a positive amount of US dollars
 * @param period what the amount covers
 */
public record Budget(double usd, BudgetPeriod period) {

    public Budget {
        if (!Double.isFinite(usd) || usd <= 0) {
            throw new IllegalArgumentException("a budget must be a positive number of dollars, was " + usd);
        }
        Objects.requireNonNull(period, "period");
    }
}
