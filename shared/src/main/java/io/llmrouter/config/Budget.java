package io.llmrouter.config;

import java.util.Objects;

/**
 * How much may be spent per period: an API key's budget (set through the admin API) or a team's
 * ({@code limits.teams} in config).
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
