package io.llmrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.llmrouter.config.ModelAlias.AliasTarget;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DefaultsTest {

    private static final String ONE_CLUSTER = """
            clusters:
              - name: local
                endpoint: http://127.0.0.1:8081
                costPerHour: 0.05
            """;

    @Test
    void aConfigWithOneClusterGetsEveryDefault() {
        RouterConfig config = ConfigLoader.fromYaml(ONE_CLUSTER, Map.of());

        assertEquals(ServerSettings.defaults(), config.server());
        assertEquals(new RouterSettings(RoutingStrategyName.HYBRID, 0.01, true, Duration.ofSeconds(30), 3, 5000, 10,
                1.10, 256, new HysteresisSettings(0.10, Duration.ofSeconds(60)), null), config.router());
        assertEquals(new StoreSettings("llm-router-state", "default", Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofHours(24)), config.store());
        assertEquals(List.of(), config.externalProviders());
        assertEquals(List.of(), config.priceFeeds());

        ClusterConfig cluster = config.clusters().getFirst();
        assertNull(cluster.region());
        assertNull(cluster.provider());
        assertNull(cluster.instanceType());
        assertNull(cluster.tokensPerSecond());
        assertNull(cluster.contextWindow());
        assertEquals(List.of(), cluster.models());
        assertEquals(ClusterAuth.none(), cluster.auth());
        assertEquals(Map.of("auto", new ModelAlias("auto", List.of(new AliasTarget("local", null)))),
                config.modelAliases());
    }

    @Test
    void partialSectionsKeepTheDefaultsOfTheKeysLeftOut() {
        String yaml = ONE_CLUSTER + """
                server: {port: 9000}
                router:
                  routingStrategy: COST
                  hysteresis: {margin: 0.25}
                store: {partition: staging}
                """;

        RouterConfig config = ConfigLoader.fromYaml(yaml, Map.of());

        assertEquals(new ServerSettings(9000), config.server());
        assertEquals(RoutingStrategyName.COST, config.router().routingStrategy());
        assertEquals(new HysteresisSettings(0.25, Duration.ofSeconds(60)), config.router().hysteresis());
        assertEquals(5000, config.router().maxLatencyMs());
        assertEquals("staging", config.store().partition());
        assertEquals("llm-router-state", config.store().tableName());
    }

    @Test
    void providerDefaultsToEnabledWithTheFirstModel() {
        String yaml = """
                externalProviders:
                  - name: openai
                    type: openai
                    apiKey: sk-test
                    models: [gpt-4o-mini, gpt-4o]
                priceFeeds:
                  - {name: openrouter, format: openrouter, location: /var/prices/openrouter.json}
                """;

        RouterConfig config = ConfigLoader.fromYaml(yaml, Map.of());

        ProviderConfig openai = config.externalProviders().getFirst();
        assertEquals(true, openai.enabled());
        assertEquals("gpt-4o-mini", openai.defaultModel());
        assertNull(openai.baseUrl());
        assertEquals(new PriceFeedConfig("openrouter", PriceFeedFormat.OPENROUTER, "/var/prices/openrouter.json",
                Duration.ofSeconds(10), 10.0), config.priceFeeds().getFirst());
    }

    @Test
    void hysteresisHoldTimeWinsOverNothingAndStickinessWindowFillsIn() {
        String yaml = ONE_CLUSTER + "router: {stickinessWindow: 2m, hysteresis: {margin: 0.05}}\n";

        assertEquals(new HysteresisSettings(0.05, Duration.ofMinutes(2)),
                ConfigLoader.fromYaml(yaml, Map.of()).router().hysteresis());
    }
}
