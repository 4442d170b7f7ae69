package io.llmrouter.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample line of a Prometheus text exposition.
 *
 * @param name        the metric name as written, e.g. {@code llamacpp:requests_processing}
 * @param labels      label names to unescaped values, in the order they were written; empty when unlabelled
 * @param value       the value; NaN and the infinities are kept as they were exposed
 * @param timestampMs the optional sample timestamp (milliseconds since the epoch); null when absent
 */
public record PrometheusSample(String name, Map<String, String> labels, double value, Long timestampMs) {

    public PrometheusSample {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    public boolean unlabelled() {
        return labels.isEmpty();
    }
}
