package io.llmrouter.replay.fleet;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FleetTest {

    private static RouterConfig config(String cluster) {
        return ConfigLoader.fromYaml("clusters:\n  - {name: c, endpoint: \"http://c.invalid:8080\", " + cluster + "}\n", Map.of());
    }

    @Test
    void aSlotDecodesAtTheConfiguredTokensPerSecondElseAtTheModelsExpectedSpeed() {
        Fleet.Shape shape = new Fleet.Shape(2, 3, 5, 0.5, 60);
        ClusterSpec configured = Fleet.of(config("costPerHour: 1.5, tokensPerSecond: 12, instanceType: local, "
                + "models: [tiny-random-llama]"), ModelCatalog.fromClasspath(), shape).clusters().get(0);
        assertEquals(new ClusterSpec("c", java.util.List.of("tiny-random-llama"), 2, 3, 60, 12, 1.5, 1024), configured);
        assertEquals(6, configured.slots());

        // qwen2.5-0.5b-instruct on t3.large: 30 tokens/s in models/; its context 4096.
        ClusterSpec expected = Fleet.of(config("costPerHour: 0.0928, instanceType: t3.large, "
                + "models: [qwen2.5-0.5b-instruct]"), ModelCatalog.fromClasspath(), shape).clusters().get(0);
        assertEquals(30, expected.decodeTokensPerSecond());
        assertEquals(150, expected.prefillTokensPerSecond());
        assertEquals(4096, expected.contextWindow());
    }

    @Test
    void aClusterWithoutNodePriceOrSpeedCannotBeSimulated() {
        assertEquals("cluster c has no costPerHour: a replay needs each cluster's node $/h in the config",
                assertThrows(IllegalArgumentException.class, () -> Fleet.of(config("tokensPerSecond: 10"),
                        ModelCatalog.empty(), Fleet.Shape.defaults())).getMessage());
        assertEquals("cluster c has no tokensPerSecond in the config and models/ has no expectedTokensPerSecond for "
                        + "its models [unknown-model] on instance type m5.large",
                assertThrows(IllegalArgumentException.class, () -> Fleet.of(
                        config("costPerHour: 1, instanceType: m5.large, models: [unknown-model]"),
                        ModelCatalog.fromClasspath(), Fleet.Shape.defaults())).getMessage());
    }
}
