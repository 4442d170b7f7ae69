package io.llmrouter.replay.report.chart;

import java.util.Objects;

/**
 * One named series of a chart, drawn in one colour: a line through its points, a staircase that holds each
 * value until the next point (a quantity known only at its samples), or a band between two curves (one layer
 * of a stacked area). A {@code NaN} value breaks a line or staircase there.
 *
 * @param name   the legend's text
 * @param colour a CSS hex colour, {@code #rrggbb}
 * @param style  how it is drawn
 * @param dashed whether its stroke is dashed (lines and staircases)
 * @param x      the points' x values, non-decreasing
 * @param y      the points' y values (a band's upper edge)
 * @param base   a band's lower edge; null for lines and staircases
 */
record Series(String name, String colour, Style style, boolean dashed, double[] x, double[] y, double[] base) {

    enum Style { LINE, STEP, BAND }

    Series {
        Objects.requireNonNull(name, "name");
        if (!colour.matches("#[0-9a-f]{6}")) {
            throw new IllegalArgumentException("not a #rrggbb colour: " + colour);
        }
        if (x.length != y.length || (base != null && base.length != x.length) || (style == Style.BAND) != (base != null)) {
            throw new IllegalArgumentException("series " + name + ": " + x.length + " x values, " + y.length
                    + " y values" + (base == null ? "" : ", " + base.length + " base values") + " for a " + style);
        }
        x = x.clone();
        y = y.clone();
        base = base == null ? null : base.clone();
    }

    static Series line(String name, String colour, double[] x, double[] y) {
        return new Series(name, colour, Style.LINE, false, x, y, null);
    }

    static Series step(String name, String colour, boolean dashed, double[] x, double[] y) {
        return new Series(name, colour, Style.STEP, dashed, x, y, null);
    }

    static Series band(String name, String colour, double[] x, double[] base, double[] top) {
        return new Series(name, colour, Style.BAND, false, x, top, base);
    }

    int points() {
        return x.length;
    }

    /** The largest x and y drawn (a band's top); 0 when it has no points. */
    double maxX() {
        return max(x);
    }

    double maxY() {
        return max(y);
    }

    private static double max(double[] values) {
        double max = 0;
        for (double value : values) {
            if (value > max) {
                max = value;
            }
        }
        return max;
    }
}
