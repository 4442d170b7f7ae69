package io.llmrouter.wiring;

/**
 * Hears every gauge value a function sets, whether or not it is published to CloudWatch: the local
 * stack's dashboard charts the same values CloudWatch receives in AWS. Called on the function's
 * thread; must be quick and must not throw.
 */
@FunctionalInterface
public interface GaugeListener {

    /**
     * @param target the {@code Target} dimension; null for a gauge without dimensions
     * @param value  never null: unknown values are not set
     */
    void gauge(GaugeMetric metric, String target, double value);
}
