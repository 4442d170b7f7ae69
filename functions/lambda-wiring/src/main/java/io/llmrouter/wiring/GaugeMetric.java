package io.llmrouter.wiring;

import java.util.Objects;

/**
 * A gauge's CloudWatch metric name and unit, as fixed by {@code docs/metrics.md}.
 *
 * @param name the CloudWatch metric name, sent as is
 * @param unit a CloudWatch {@code StandardUnit} name ({@code None}, {@code Milliseconds}, ...)
 */
public record GaugeMetric(String name, String unit) {

    public GaugeMetric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unit, "unit");
    }

    /** A plain number (CloudWatch unit {@code None}). */
    public static GaugeMetric none(String name) {
        return new GaugeMetric(name, "None");
    }

    public static GaugeMetric milliseconds(String name) {
        return new GaugeMetric(name, "Milliseconds");
    }
}
