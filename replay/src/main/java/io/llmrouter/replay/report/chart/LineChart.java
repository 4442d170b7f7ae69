package io.llmrouter.replay.report.chart;

import java.util.ArrayList;
import java.util.List;

/**
 * The replay's SVG writer for programs outside it: dollars against a count (requests per second, say), one line
 * per series, in the replay's palette and layout. The axes start at 0; the y axis ends at the round tick above
 * the data.
 */
public final class LineChart {

    /**
     * One line of the chart.
     *
     * @param name   the legend's text
     * @param dashed whether it is drawn dashed (to pair it with the solid line of the same colour)
     * @param x      x values, non-decreasing
     * @param y      y values, in dollars
     */
    public record Line(String name, boolean dashed, double[] x, double[] y) {
    }

    private LineChart() {
    }

    /**
     * A standalone SVG document of {@code lines}; a dashed line takes the colour of the solid line before it,
     * so that two variants of one thing read as a pair.
     */
    public static String usdOverCount(String title, String description, String xLabel, String yLabel, List<Line> lines) {
        List<Series> series = new ArrayList<>();
        int colour = -1;
        for (Line line : lines) {
            if (!line.dashed() || colour < 0) {
                colour++;
            }
            series.add(new Series(line.name(), Palette.pick(Palette.SERIES, colour), Series.Style.LINE, line.dashed(),
                    line.x(), line.y(), null));
        }
        return ChartSvg.render(new Chart(title, description, xLabel, Unit.REQUESTS, yLabel, Unit.USD, null, series));
    }
}
