package io.llmrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private static final String CLUSTER = """
            clusters:
              - name: ${CLUSTER_NAME:-local}
                endpoint: http://${CLUSTER_HOST}:${CLUSTER_PORT:-8081}/
                costPerHour: ${CLUSTER_COST}
                authType: hmac
                sharedSecret: ${SECRET}
            """;

    @Test
    void resolvesReferencesAnywhereInStringValuesIncludingNumbers() {
        RouterConfig config = ConfigLoader.fromYaml(CLUSTER, Map.of(
                "CLUSTER_NAME", "gpu-1", "CLUSTER_HOST", "10.0.0.5", "CLUSTER_COST", "0.25", "SECRET", "s3cr3t"));

        ClusterConfig cluster = config.clusters().getFirst();
        assertEquals("gpu-1", cluster.name());
        assertEquals(URI.create("http://10.0.0.5:8081/"), cluster.endpoint());
        assertEquals(0.25, cluster.costPerHour());
        assertEquals("s3cr3t", cluster.auth().sharedSecret());
    }

    @Test
    void defaultAppliesWhenTheVariableIsUnsetOrEmpty() {
        Map<String, String> env = Map.of("CLUSTER_NAME", "", "CLUSTER_HOST", "h", "CLUSTER_COST", "1", "SECRET", "s");

        assertEquals("local", ConfigLoader.fromYaml(CLUSTER, env).clusters().getFirst().name());
    }

    @Test
    void unsetVariableWithoutDefaultNamesFieldAndVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromYaml(CLUSTER, Map.of("CLUSTER_COST", "1", "SECRET", "s")));

        assertEquals(List.of("clusters[0].endpoint: environment variable CLUSTER_HOST is not set"), e.problems());
    }

    @Test
    void aValueTakenFromTheEnvironmentIsShownWithItsReferenceWhenInvalid() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(CLUSTER,
                Map.of("CLUSTER_HOST", "h", "CLUSTER_COST", "-2", "SECRET", "s")));

        assertEquals(List.of("clusters[0].costPerHour: must be > 0, got -2 (from ${CLUSTER_COST})"), e.problems());
    }

    @Test
    void emptyAfterSubstitutionCountsAsNotSet() {
        String yaml = CLUSTER + "router:\n  adminKey: ${ADMIN_KEY:-}\n  maxQueueDepth: ${DEPTH:-}\n";

        RouterConfig config = ConfigLoader.fromYaml(yaml,
                Map.of("CLUSTER_HOST", "h", "CLUSTER_COST", "1", "SECRET", "s"));

        assertNull(config.router().adminKey());
        assertEquals(10, config.router().maxQueueDepth());
    }

    @Test
    void doubleDollarWritesALiteralReference() {
        String yaml = CLUSTER.replace("${SECRET}", "'pa$${word}'");

        RouterConfig config = ConfigLoader.fromYaml(yaml, Map.of("CLUSTER_HOST", "h", "CLUSTER_COST", "1"));

        assertEquals("pa${word}", config.clusters().getFirst().auth().sharedSecret());
    }

    @Test
    void substitutedValuesAreNotReadAsYaml() {
        String injected = "x\nrouter: {routingStrategy: cost}";

        RouterConfig config = ConfigLoader.fromYaml(CLUSTER,
                Map.of("CLUSTER_HOST", "h", "CLUSTER_COST", "1", "SECRET", injected));

        assertEquals(injected, config.clusters().getFirst().auth().sharedSecret());
        assertEquals(RoutingStrategyName.HYBRID, config.router().routingStrategy());
    }

    @Test
    void malformedReferencesAreReported() {
        String yaml = CLUSTER.replace("${CLUSTER_NAME:-local}", "${CLUSTER NAME}").replace("${SECRET}", "'${SECRET'");

        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromYaml(yaml, Map.of("CLUSTER_HOST", "h", "CLUSTER_COST", "1")));

        String reason = "malformed ${...} reference: write ${NAME} or ${NAME:-default}, or $${ for a literal ${";
        assertEquals(List.of("clusters[0].name: " + reason, "clusters[0].sharedSecret: " + reason), e.problems());
    }

    @Test
    void resolvesSeveralReferencesInOneValue() {
        EnvReferences.Resolution resolution =
                EnvReferences.resolve("${A}-${B:-b}-${C}", Map.of("A", "a"));

        assertEquals(List.of("C"), resolution.unsetVariables());
        assertEquals("a-b-", resolution.value());
    }
}
