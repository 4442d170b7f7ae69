package io.llmrouter.config;

import java.util.Locale;
import java.util.Optional;

/** The period a key's budget covers: it starts again each UTC day or month, or never ({@code total}). */
public enum BudgetPeriod {
    DAY, MONTH, TOTAL;

    /** The name in the API and in the table. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<BudgetPeriod> fromWire(String name) {
        for (BudgetPeriod period : values()) {
            if (period.wireName().equals(name)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }
}
