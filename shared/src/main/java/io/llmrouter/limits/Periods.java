package io.llmrouter.limits;

import io.llmrouter.config.BudgetPeriod;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The UTC calendar the limits count in: budget periods (day, month, total) and one-minute rate windows. */
final class Periods {

    /** How long a budget counter stays after its period, for the spend it records. */
    static final Duration BUDGET_KEPT = Duration.ofDays(35);
    /** How long a rate window's counter stays after its minute. */
    static final Duration RATE_KEPT = Duration.ofMinutes(10);

    private Periods() {
    }

    /** The period's name in the counter's key: {@code 2026-12-05}, {@code 2026-12} or {@code total}. */
    static String name(BudgetPeriod period, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (period) {
            case DAY -> day.toString();
            case MONTH -> day.toString().substring(0, 7);
            case TOTAL -> "total";
        };
    }

    /** When the period that holds {@code at} ends; null for a total budget, which never starts again. */
    static Instant end(BudgetPeriod period, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return switch (period) {
            case DAY -> day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case MONTH -> day.withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            case TOTAL -> null;
        };
    }

    /** The first second of the rate window (UTC minute) that holds {@code at}. */
    static Instant window(Instant at) {
        return at.truncatedTo(ChronoUnit.MINUTES);
    }
}
