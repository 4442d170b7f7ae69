package io.llmrouter.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way the Go router wrote them ({@code 30s}, {@code 500ms}, {@code 1h30m}, {@code 1.5h};
 * units ns, us, ms, s, m, h) and in ISO-8601 ({@code PT30S}). A number without a unit is refused rather than
 * guessed at: seconds or milliseconds would both be plausible.
 */
final class Durations {

    private static final String AMOUNT_AND_UNIT = "(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)";
    private static final Pattern GO_DURATION = Pattern.compile("(?:" + AMOUNT_AND_UNIT + ")+");
    private static final Pattern PART = Pattern.compile(AMOUNT_AND_UNIT);
    private static final Pattern BARE_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private Durations() {
    }

    /** @throws IllegalArgumentException with a reason fit for a config problem message */
    static Duration parse(String text) {
        String value = text.strip();
        if (BARE_NUMBER.matcher(value).matches()) {
            throw new IllegalArgumentException("needs a unit, e.g. 30s, 500ms, 5m or 1h");
        }
        Duration duration = value.startsWith("P") || value.startsWith("p") ? parseIso(value) : parseGo(value);
        if (duration.isNegative()) {
            throw new IllegalArgumentException("must not be negative");
        }
        return duration;
    }

    private static Duration parseIso(String value) {
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("is not an ISO-8601 duration like PT30S");
        }
    }

    private static Duration parseGo(String value) {
        if (value.startsWith("-")) {
            throw new IllegalArgumentException("must not be negative");
        }
        if (!GO_DURATION.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a duration like 30s, 500ms, 5m, 1h30m or PT30S"
                    + " (units: ns, us, ms, s, m, h)");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher part = PART.matcher(value);
        while (part.find()) {
            nanos = nanos.add(new BigDecimal(part.group(1)).multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(part.group(2)))));
        }
        try {
            return Duration.ofNanos(nanos.toBigInteger().longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too long");
        }
    }
}
