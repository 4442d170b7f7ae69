package io.llmrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.config.ModelAlias.AliasTarget;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A config written for the Go router loads unchanged, with its values and its names understood. */
class GoRouterConfigTest {

    private static final Map<String, String> ENV = Map.of(
            "AWS_CLUSTER_SECRET", "aws-secret-value",
            "OPENAI_API_KEY", "sk-openai-value",
            "ANTHROPIC_API_KEY", "sk-ant-value");

    private static RouterConfig load() throws URISyntaxException {
        Path file = Path.of(GoRouterConfigTest.class.getResource("/config/go-router-config.yaml").toURI());
        return ConfigLoader.fromFile(file, ENV);
    }

    @Test
    void readsServerAndRouterSettings() throws Exception {
        RouterConfig config = load();

        assertEquals(new ServerSettings(9090), config.server(), "the port; its timeouts are ignored, with a warning");
        RouterSettings router = config.router();
        assertEquals(RoutingStrategyName.CLUSTER_FIRST, router.routingStrategy());
        assertEquals(0.02, router.clusterCostThreshold());
        assertFalse(router.enableExternalFallback());
        assertEquals(Duration.ofSeconds(20), router.healthCheckInterval());
        assertEquals(4000, router.maxLatencyMs());
        assertEquals(8, router.maxQueueDepth());
        assertEquals(1.2, router.overheadFactor());
        // stickinessWindow is the Go name of the hold time; the margin keeps its default
        assertEquals(new HysteresisSettings(0.10, Duration.ofSeconds(45)), router.hysteresis());
        // keys the Go router did not have take their defaults
        assertEquals(3, router.staleAfterIntervals());
        assertEquals(256, router.assumedOutputTokens());
        assertNull(router.adminKey());
        assertEquals(Duration.ofSeconds(60), router.healthStaleAfter());
    }

    @Test
    void readsClustersWithTheirAuth() throws Exception {
        RouterConfig config = load();

        assertEquals(List.of("aws-us-west-2", "gcp-us-central1", "azure-eastus"),
                config.clusters().stream().map(ClusterConfig::name).toList());
        ClusterConfig aws = config.cluster("aws-us-west-2").orElseThrow();
        assertEquals(URI.create("https://aws.llm.example.com"), aws.endpoint());
        assertEquals("us-west-2", aws.region());
        assertEquals(CloudProvider.AWS, aws.provider());
        assertEquals(0.0928, aws.costPerHour());
        assertEquals(List.of("llama-3-8b"), aws.models());
        assertNull(aws.instanceType());
        assertNull(aws.contextWindow());
        assertEquals(new ClusterAuth(AuthType.HMAC, "aws-secret-value", null, null, null, null), aws.auth());

        ClusterConfig gcp = config.cluster("gcp-us-central1").orElseThrow();
        assertEquals(new ClusterAuth(AuthType.MTLS, null, null, "/certs/gcp-client.pem", "/certs/gcp-client.key", null),
                gcp.auth());
        assertTrue(gcp.servesAnyReportedModel());

        ClusterConfig azure = config.cluster("azure-eastus").orElseThrow();
        assertEquals(URI.create("http://10.0.3.7:8080"), azure.endpoint());
        assertEquals(CloudProvider.AZURE, azure.provider());
        assertEquals("literal-shared-secret", azure.auth().sharedSecret());
    }

    @Test
    void readsProvidersWithGoTypeNames() throws Exception {
        RouterConfig config = load();

        ProviderConfig openai = config.provider("openai").orElseThrow();
        assertEquals(ProviderType.OPENAI, openai.type());
        assertTrue(openai.enabled());
        assertEquals("sk-openai-value", openai.apiKey());
        assertEquals(URI.create("https://api.openai.com/v1"), openai.baseUrl());
        assertEquals("gpt-3.5-turbo", openai.defaultModel());
        assertEquals(List.of(), openai.models());

        ProviderConfig claude = config.provider("claude").orElseThrow();
        assertEquals(ProviderType.ANTHROPIC, claude.type());
        assertEquals("sk-ant-value", claude.apiKey());
        assertNull(claude.baseUrl());
        assertEquals(List.of("claude-3-haiku-20240307", "claude-3-sonnet"), claude.models());

        // disabled, and GEMINI_API_KEY is not in the environment: loads, with no key
        ProviderConfig gemini = config.provider("gemini").orElseThrow();
        assertEquals(ProviderType.GEMINI, gemini.type());
        assertFalse(gemini.enabled());
        assertNull(gemini.apiKey());
        assertEquals("gemini-pro", gemini.defaultModel());
        assertEquals(List.of("openai", "claude"), config.enabledProviders().stream().map(ProviderConfig::name).toList());
    }

    @Test
    void newSectionsTakeTheirDefaults() throws Exception {
        RouterConfig config = load();

        assertEquals(StoreSettings.defaults(), config.store());
        assertEquals(List.of(), config.priceFeeds());
        assertEquals(Map.of(RouterConfig.AUTO_MODEL, new ModelAlias(RouterConfig.AUTO_MODEL, List.of(
                        new AliasTarget("aws-us-west-2", null), new AliasTarget("gcp-us-central1", null),
                        new AliasTarget("azure-eastus", null), new AliasTarget("openai", null),
                        new AliasTarget("claude", null)))),
                config.modelAliases());
    }
}
