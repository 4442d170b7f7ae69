package io.llmrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.config.ModelAlias.AliasTarget;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The commented example shipped in the jar loads cleanly: it documents only what the loader accepts. */
class ExampleConfigTest {

    private static final Map<String, String> ENV = Map.of(
            "AWS_CLUSTER_SECRET", "aws-secret",
            "AZURE_CLUSTER_API_KEY", "azure-key",
            "OPENAI_API_KEY", "sk-openai",
            "ANTHROPIC_API_KEY", "sk-ant");

    private static String example() throws IOException {
        try (InputStream in = ExampleConfigTest.class.getResourceAsStream("/config/router-example.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void loadsWithTheDocumentedDefaultsSpelledOut() throws IOException {
        RouterConfig config = ConfigLoader.fromYaml(example(), ENV);

        assertEquals(ServerSettings.defaults(), config.server());
        assertEquals(RouterSettings.defaults(), config.router());
        assertEquals(StoreSettings.defaults(), config.store());
        assertEquals(CacheSettings.DEFAULTS, config.cache());
        assertEquals(3, config.clusters().size());
        assertEquals(AuthType.API_KEY, config.cluster("azure-eastus").orElseThrow().auth().type());
        assertEquals("azure-key", config.cluster("azure-eastus").orElseThrow().auth().apiKey());
        assertEquals(14.0, config.cluster("azure-eastus").orElseThrow().tokensPerSecond());
        assertEquals(List.of("openai", "anthropic"),
                config.enabledProviders().stream().map(ProviderConfig::name).toList());
        assertNull(config.provider("gemini").orElseThrow().apiKey());
        assertEquals(PriceFeedFormat.LITELLM, config.priceFeeds().getFirst().format());
        assertEquals(NodePriceSettings.defaults(), config.nodePrices());
        assertTrue(config.cluster("azure-eastus").orElseThrow().looksUpNodePrice());
        assertEquals(0.0928, config.cluster("aws-us-west-2").orElseThrow().costPerHour());
        assertEquals(List.of(new AliasTarget("aws-us-west-2", null), new AliasTarget("openai", "gpt-4o-mini")),
                config.modelAliases().get("fast").targets());
        assertEquals(5, config.modelAliases().get(RouterConfig.AUTO_MODEL).targets().size());
    }

    @Test
    void setsTheAdminKeyFromTheEnvironmentWhenGiven() throws IOException {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("ROUTER_ADMIN_KEY", "admin-token");

        assertEquals("admin-token", ConfigLoader.fromYaml(example(), env).router().adminKey());
    }

    @Test
    void namesEveryMissingSecretVariable() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(example(), Map.of()));

        assertEquals(List.of(
                "clusters[0].sharedSecret: environment variable AWS_CLUSTER_SECRET is not set",
                "clusters[2].apiKey: environment variable AZURE_CLUSTER_API_KEY is not set",
                "externalProviders[0].apiKey: environment variable OPENAI_API_KEY is not set",
                "externalProviders[1].apiKey: environment variable ANTHROPIC_API_KEY is not set"), e.problems());
        assertTrue(e.getMessage().contains("(4 problems)"));
    }
}
