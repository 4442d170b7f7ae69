package io.llmrouter.replay.report.chart;

/**
 * An axis from 0 to a round maximum with round tick steps (1, 2, 2.5 or 5 times a power of ten), so that
 * tick labels read as people write numbers and the axis always covers the data.
 *
 * @param max      the axis's end, at or above the data's maximum
 * @param step     the distance between ticks
 * @param decimals the decimals a tick label needs to show the step exactly
 */
record Scale(double max, double step, int decimals) {

    /**
     * An axis for values from 0 to {@code dataMax} with about {@code ticks} ticks; {@code minStep} bounds the step
     * from below (1 for counts). With {@code roundUp} the axis ends at the tick after the data, else at the data's
     * maximum.
     */
    static Scale covering(double dataMax, int ticks, double minStep, boolean roundUp) {
        double top = dataMax > 0 && Double.isFinite(dataMax) ? dataMax : Math.max(minStep, 1);
        double step = Math.max(niceStep(top / ticks), minStep);
        if (minStep >= 1 && step != Math.rint(step)) {
            step = Math.floor(step); // counts tick at whole numbers: 2.5 would print as 3, 8, 13
        }
        double max = roundUp ? Math.ceil(top / step - 1e-9) * step : top;
        return new Scale(max, step, decimalsOf(step));
    }

    /** The ticks from 0 up to the axis's end. */
    double[] ticks() {
        int count = (int) Math.floor(max / step + 1e-9) + 1;
        double[] ticks = new double[count];
        for (int i = 0; i < count; i++) {
            ticks[i] = i * step;
        }
        return ticks;
    }

    private static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double normalized = raw / magnitude;
        double nice = normalized <= 1 ? 1 : normalized <= 2 ? 2 : normalized <= 2.5 ? 2.5 : normalized <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static int decimalsOf(double step) {
        for (int decimals = 0; decimals < 10; decimals++) {
            double scaled = step * Math.pow(10, decimals);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled)) {
                return decimals;
            }
        }
        return 10;
    }
}
