package io.llmrouter.replay.report.chart;

import java.util.List;

/**
 * What one chart shows, independent of how it is drawn: its title, a sentence for screen readers, both
 * axes and the series. The x axis ends at the data's end; the y axis starts at 0 and ends at
 * {@code yMax} if given (100 for shares), else at the round tick above the data.
 */
record Chart(String title, String description, String xLabel, Unit xUnit, String yLabel, Unit yUnit, Double yMax,
             List<Series> series) {

    /** About how many ticks each axis gets: the plot is wider than tall. */
    static final int X_TICKS = 8;
    static final int Y_TICKS = 5;

    Chart {
        series = List.copyOf(series);
    }

    Scale xScale() {
        double max = 0;
        for (Series s : series) {
            max = Math.max(max, s.maxX());
        }
        return Scale.covering(max, X_TICKS, xUnit.minStep(), false);
    }

    Scale yScale() {
        if (yMax != null) {
            return Scale.covering(yMax, Y_TICKS, yUnit.minStep(), true);
        }
        double max = 0;
        for (Series s : series) {
            max = Math.max(max, s.maxY());
        }
        return Scale.covering(max, Y_TICKS, yUnit.minStep(), true);
    }
}
