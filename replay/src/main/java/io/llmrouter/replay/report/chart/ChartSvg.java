package io.llmrouter.replay.report.chart;

import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Chart} as a standalone SVG document: a titled plot area with labelled ticks on both axes,
 * light grid lines, the series, and a legend to the right. Hand-written so that the replay needs no drawing
 * library and a chart's bytes depend on its data alone.
 *
 * <p>Elements carry classes a test (or a stylesheet) can find: {@code plot-area}, {@code series} (with
 * {@code data-series}, its name, and {@code data-points}, its point count), {@code legend-label}.
 */
final class ChartSvg {

    static final int WIDTH = 960;
    static final int HEIGHT = 480;
    static final double PLOT_LEFT = 80;
    static final double PLOT_TOP = 56;
    static final double PLOT_WIDTH = 620;
    static final double PLOT_HEIGHT = 352;
    private static final double LEGEND_LEFT = PLOT_LEFT + PLOT_WIDTH + 24;
    private static final double LEGEND_LINE = 20;
    private static final int MIN_STROKE = 2;
    private static final int MAX_STROKE = 6;
    private static final String INK = "#333333";
    private static final String GRID = "#e6e6e6";

    private ChartSvg() {
    }

    static String render(Chart chart) {
        Scale xs = chart.xScale();
        Scale ys = chart.yScale();
        StringBuilder svg = new StringBuilder(16_384);
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
                .append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<title id=\"chart-title\">").append(Svg.escape(chart.title())).append("</title>\n");
        svg.append("<desc id=\"chart-desc\">").append(Svg.escape(chart.description())).append("</desc>\n");
        svg.append("<rect width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" fill=\"#ffffff\"/>\n");
        svg.append("<text class=\"chart-title\" x=\"").append(Svg.px(PLOT_LEFT)).append("\" y=\"32\" font-size=\"18\" font-weight=\"bold\" fill=\"")
                .append(INK).append("\">").append(Svg.escape(chart.title())).append("</text>\n");
        yAxis(svg, chart, ys);
        xAxis(svg, chart, xs);
        svg.append("<g class=\"series-group\">\n");
        for (int i = 0; i < chart.series().size(); i++) {
            series(svg, chart.series().get(i), strokeWidth(chart.series(), i), xs, ys);
        }
        svg.append("</g>\n");
        svg.append("<rect class=\"plot-area\" x=\"").append(Svg.px(PLOT_LEFT)).append("\" y=\"").append(Svg.px(PLOT_TOP))
                .append("\" width=\"").append(Svg.px(PLOT_WIDTH)).append("\" height=\"").append(Svg.px(PLOT_HEIGHT))
                .append("\" fill=\"none\" stroke=\"#999999\"/>\n");
        legend(svg, chart.series());
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static double xPixel(double x, Scale xs) {
        return PLOT_LEFT + (xs.max() > 0 ? x / xs.max() : 0) * PLOT_WIDTH;
    }

    private static double yPixel(double y, Scale ys) {
        return PLOT_TOP + PLOT_HEIGHT - (ys.max() > 0 ? y / ys.max() : 0) * PLOT_HEIGHT;
    }

    private static void yAxis(StringBuilder svg, Chart chart, Scale ys) {
        svg.append("<g class=\"axis y-axis\" fill=\"").append(INK).append("\">\n");
        for (double tick : ys.ticks()) {
            String y = Svg.px(yPixel(tick, ys));
            svg.append("<line x1=\"").append(Svg.px(PLOT_LEFT)).append("\" x2=\"").append(Svg.px(PLOT_LEFT + PLOT_WIDTH))
                    .append("\" y1=\"").append(y).append("\" y2=\"").append(y).append("\" stroke=\"").append(GRID).append("\"/>\n");
            svg.append("<text class=\"tick-label\" x=\"").append(Svg.px(PLOT_LEFT - 8)).append("\" y=\"").append(y)
                    .append("\" text-anchor=\"end\" dominant-baseline=\"middle\">")
                    .append(Svg.escape(chart.yUnit().label(tick, ys.decimals()))).append("</text>\n");
        }
        double middle = PLOT_TOP + PLOT_HEIGHT / 2;
        svg.append("<text class=\"axis-label\" x=\"20\" y=\"").append(Svg.px(middle)).append("\" text-anchor=\"middle\" transform=\"rotate(-90 20 ")
                .append(Svg.px(middle)).append(")\">").append(Svg.escape(chart.yLabel())).append("</text>\n");
        svg.append("</g>\n");
    }

    private static void xAxis(StringBuilder svg, Chart chart, Scale xs) {
        double bottom = PLOT_TOP + PLOT_HEIGHT;
        svg.append("<g class=\"axis x-axis\" fill=\"").append(INK).append("\">\n");
        for (double tick : xs.ticks()) {
            String x = Svg.px(xPixel(tick, xs));
            svg.append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(Svg.px(bottom))
                    .append("\" y2=\"").append(Svg.px(bottom + 6)).append("\" stroke=\"").append(INK).append("\"/>\n");
            svg.append("<text class=\"tick-label\" x=\"").append(x).append("\" y=\"").append(Svg.px(bottom + 20))
                    .append("\" text-anchor=\"middle\">").append(Svg.escape(chart.xUnit().label(tick, xs.decimals())))
                    .append("</text>\n");
        }
        svg.append("<text class=\"axis-label\" x=\"").append(Svg.px(PLOT_LEFT + PLOT_WIDTH / 2)).append("\" y=\"")
                .append(Svg.px(bottom + 44)).append("\" text-anchor=\"middle\">").append(Svg.escape(chart.xLabel()))
                .append("</text>\n");
        svg.append("</g>\n");
    }

    /**
     * Lines drawn earlier are wider, so that where two lines coincide (two policies that spent alike) the
     * later one runs inside the earlier and both stay visible.
     */
    static int strokeWidth(List<Series> series, int index) {
        int later = 0;
        for (int i = index + 1; i < series.size(); i++) {
            later += series.get(i).style() == Series.Style.BAND ? 0 : 1;
        }
        return Math.min(MIN_STROKE + later, MAX_STROKE);
    }

    private static void series(StringBuilder svg, Series series, int strokeWidth, Scale xs, Scale ys) {
        if (series.points() == 0) {
            return;
        }
        String d = series.style() == Series.Style.BAND ? bandPath(series, xs, ys) : linePath(series, xs, ys);
        if (d.isEmpty()) {
            return;
        }
        svg.append("<path class=\"series ").append(series.style().name().toLowerCase(Locale.ROOT))
                .append("\" data-series=\"").append(Svg.escape(series.name())).append("\" data-points=\"")
                .append(series.points()).append("\" d=\"").append(d).append('"');
        if (series.style() == Series.Style.BAND) {
            svg.append(" fill=\"").append(series.colour()).append("\" stroke=\"none\"");
        } else {
            svg.append(" fill=\"none\" stroke=\"").append(series.colour())
                    .append("\" stroke-width=\"").append(strokeWidth).append("\" stroke-linejoin=\"round\" stroke-linecap=\"round\"");
            if (series.dashed()) {
                svg.append(" stroke-dasharray=\"8 5\"");
            }
        }
        svg.append("/>\n");
    }

    /**
     * A line's or staircase's path; a NaN value starts a new piece. A line leaves out points that land on the
     * pixel of the one before, a staircase draws only its corners, so a long trace makes no bigger a file than
     * the screen can show.
     */
    private static String linePath(Series series, Scale xs, Scale ys) {
        StringBuilder d = new StringBuilder();
        boolean step = series.style() == Series.Style.STEP;
        String penX = null;
        String penY = null;
        String latestX = null;
        for (int i = 0; i <= series.points(); i++) {
            boolean pieceEnds = i == series.points() || Double.isNaN(series.y()[i]);
            if (pieceEnds) {
                if (step && penX != null && !latestX.equals(penX)) {
                    d.append(" H").append(latestX);
                }
                penX = null;
                continue;
            }
            String x = Svg.px(xPixel(series.x()[i], xs));
            String y = Svg.px(yPixel(series.y()[i], ys));
            if (penX == null) {
                d.append(d.isEmpty() ? "" : " ").append('M').append(x).append(' ').append(y);
            } else if (step) {
                if (y.equals(penY)) {
                    latestX = x;
                    continue;
                }
                d.append(x.equals(penX) ? "" : " H" + x).append(" V").append(y);
            } else if (!x.equals(penX) || !y.equals(penY)) {
                d.append(" L").append(x).append(' ').append(y);
            }
            penX = x;
            penY = y;
            latestX = x;
        }
        return d.toString();
    }

    /** A band's outline: along its top, then back along its base. */
    private static String bandPath(Series series, Scale xs, Scale ys) {
        StringBuilder d = new StringBuilder();
        int n = series.points();
        for (int i = 0; i < n; i++) {
            d.append(i == 0 ? "M" : " L").append(Svg.px(xPixel(series.x()[i], xs))).append(' ')
                    .append(Svg.px(yPixel(series.y()[i], ys)));
        }
        for (int i = n - 1; i >= 0; i--) {
            d.append(" L").append(Svg.px(xPixel(series.x()[i], xs))).append(' ')
                    .append(Svg.px(yPixel(series.base()[i], ys)));
        }
        return d.append(" Z").toString();
    }

    private static void legend(StringBuilder svg, List<Series> series) {
        svg.append("<g class=\"legend\" fill=\"").append(INK).append("\">\n");
        double y = PLOT_TOP + 8;
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String swatchY = Svg.px(y);
            if (s.style() == Series.Style.BAND) {
                svg.append("<rect class=\"legend-swatch\" x=\"").append(Svg.px(LEGEND_LEFT)).append("\" y=\"").append(Svg.px(y - 6))
                        .append("\" width=\"24\" height=\"12\" fill=\"").append(s.colour()).append("\"/>\n");
            } else {
                svg.append("<line class=\"legend-swatch\" x1=\"").append(Svg.px(LEGEND_LEFT)).append("\" x2=\"")
                        .append(Svg.px(LEGEND_LEFT + 24)).append("\" y1=\"").append(swatchY).append("\" y2=\"").append(swatchY)
                        .append("\" stroke=\"").append(s.colour()).append("\" stroke-width=\"").append(strokeWidth(series, i)).append('"')
                        .append(s.dashed() ? " stroke-dasharray=\"8 5\"" : "").append("/>\n");
            }
            svg.append("<text class=\"legend-label\" x=\"").append(Svg.px(LEGEND_LEFT + 32)).append("\" y=\"").append(swatchY)
                    .append("\" dominant-baseline=\"middle\">").append(Svg.escape(s.name())).append("</text>\n");
            y += LEGEND_LINE;
        }
        svg.append("</g>\n");
    }
}
