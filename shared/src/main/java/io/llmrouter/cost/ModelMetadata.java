package io.llmrouter.cost;

import java.util.Map;
import java.util.Optional;

/**
 * What the project knows about a model clusters serve, from {@code models/<name>.yaml}.
 *
 * @param expectedTokensPerSecond single-slot generation speed per instance type; an estimate used
 *                                until a cluster reports its own throughput
 */
public record ModelMetadata(String name, String ggufUri, String quantization, Integer contextWindow,
                            Map<String, Double> expectedTokensPerSecond) {

    public ModelMetadata {
        expectedTokensPerSecond = Map.copyOf(expectedTokensPerSecond);
    }

    public Optional<Double> expectedTokensPerSecond(String instanceType) {
        return instanceType == null ? Optional.empty() : Optional.ofNullable(expectedTokensPerSecond.get(instanceType));
    }
}
