package io.llmrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A cluster's node price: configured as costPerHour, or looked up as the nodePrices section says. */
class NodePriceConfigTest {

    private static List<String> problems(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, Map.of())).problems();
    }

    @Test
    void costPerHourIsAnOverrideAndAnInstanceTypeWithoutItMeansALookup() {
        RouterConfig config = ConfigLoader.fromYaml("""
                clusters:
                  - {name: priced, endpoint: 'https://a', provider: aws, region: us-west-2, instanceType: t3.large, costPerHour: 0.0928}
                  - {name: looked-up, endpoint: 'https://b', provider: azure, region: eastus, instanceType: Standard_D2s_v3}
                  - {name: unknown, endpoint: 'https://c'}
                """, Map.of());

        ClusterConfig priced = config.cluster("priced").orElseThrow();
        assertEquals(0.0928, priced.costPerHour());
        assertFalse(priced.looksUpNodePrice());
        ClusterConfig lookedUp = config.cluster("looked-up").orElseThrow();
        assertNull(lookedUp.costPerHour());
        assertTrue(lookedUp.looksUpNodePrice());
        // Neither a price nor an instance type: it loads, and cost-refresh leaves it unpriced (and says so).
        assertNull(config.cluster("unknown").orElseThrow().costPerHour());
        assertFalse(config.cluster("unknown").orElseThrow().looksUpNodePrice());
        assertEquals(NodePriceSettings.defaults(), config.nodePrices());
    }

    @Test
    void readsEverySettingAndResolvesTheGcpKeyReference() {
        SecretResolver ssm = reference -> {
            assertEquals("ssm:/llm-router/gcp-billing-key", reference);
            return "AIza-catalog-key";
        };
        RouterConfig config = ConfigLoader.fromYaml("""
                clusters:
                  - {name: gcp, endpoint: 'https://a', provider: gcp, region: us-central1, instanceType: n1-standard-2}
                nodePrices:
                  timeout: 20s
                  maxJumpFactor: 3
                  aws: {region: eu-central-1, endpoint: 'https://pricing.vpce.example.com'}
                  azure: {endpoint: 'https://prices.example.com/api/retail/prices'}
                  gcp: {apiKey: 'ssm:/llm-router/gcp-billing-key', endpoint: 'https://catalog.example.com/v1/services/6F81-5844-456A/skus'}
                """, Map.of(), ssm);

        NodePriceSettings settings = config.nodePrices();
        assertEquals(new NodePriceSettings(Duration.ofSeconds(20), 3, "eu-central-1",
                URI.create("https://pricing.vpce.example.com"), URI.create("https://prices.example.com/api/retail/prices"),
                URI.create("https://catalog.example.com/v1/services/6F81-5844-456A/skus"), "AIza-catalog-key"), settings);
        assertFalse(settings.toString().contains("AIza-catalog-key"), settings.toString());
        assertFalse(config.toString().contains("AIza-catalog-key"));
    }

    @Test
    void namesEveryProblemWithItsPath() {
        assertEquals(List.of(
                "clusters[0].provider: is required to look up the node price when costPerHour is not set",
                "clusters[0].region: is required to look up the node price when costPerHour is not set",
                "nodePrices.gpc: unknown key; expected one of timeout, maxJumpFactor, aws, azure, gcp",
                "nodePrices.aws.regoin: unknown key; expected one of region, endpoint",
                "nodePrices.timeout: must be longer than zero, got 0s",
                "nodePrices.maxJumpFactor: must be > 1, got 1",
                "nodePrices.aws.region: must be one of ap-south-1, eu-central-1, us-east-1, got us-west-2",
                "nodePrices.azure.endpoint: must be an absolute http:// or https:// URI",
                "nodePrices.gcp.apiKey: is required to look up the node price of gcp-a, gcp-b (no costPerHour):"
                        + " set it, or give the cluster a costPerHour"), problems("""
                clusters:
                  - {name: typeless-cloud, endpoint: 'https://a', instanceType: t3.large}
                  - {name: gcp-a, endpoint: 'https://b', provider: gcp, region: us-central1, instanceType: n1-standard-2}
                  - {name: gcp-b, endpoint: 'https://c', provider: gcp, region: us-east1, instanceType: n1-standard-2}
                  - {name: gcp-priced, endpoint: 'https://d', provider: gcp, region: us-east1, instanceType: n1-standard-2, costPerHour: 0.095}
                nodePrices:
                  timeout: 0s
                  maxJumpFactor: 1
                  aws: {region: us-west-2, regoin: us-east-1}
                  azure: {endpoint: 'ftp://prices.azure.com'}
                  gpc: {apiKey: k}
                """));
    }
}
