package io.llmrouter.replay.report;

import java.util.Arrays;

/** Nearest-rank percentiles: the smallest value with at least p % of the values at or below it. */
public final class Percentiles {

    private Percentiles() {
    }

    /** @param p in (0, 100]; 0 for no values */
    public static double of(double[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
