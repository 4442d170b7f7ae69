package io.llmrouter.routing;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.state.RoutingSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.llmrouter.routing.RouterConfigFixture.config;
import static io.llmrouter.routing.RouterConfigFixture.provider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetCatalogTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final RoutingSnapshot EMPTY = RoutingSnapshot.empty(NOW);

    private final TargetCatalog catalog = new TargetCatalog(config()
            .cluster("aws", 0.0928, "llama-3.2-1b")
            .cluster("gcp", 0.0950)
            .provider("openai", "gpt-4o-mini", "gpt-4o-mini", "gpt-4o")
            .provider("anthropic", "claude-haiku-4-5")
            .provider(provider("gemini", false, "gemini-2.0-flash", List.of()))
            .alias("fast", "aws", "openai/gpt-4o")
            .alias("cheap", "gcp", "gemini/gemini-2.0-flash")
            .build());

    @Test
    void autoMeansEveryClusterAndEveryEnabledProviderWithItsDefaultModel() {
        assertEquals(List.of("aws=llama-3.2-1b", "gcp=null", "openai=gpt-4o-mini", "anthropic=claude-haiku-4-5"),
                pairs(catalog.resolve(RouterConfig.AUTO_MODEL, EMPTY)));
    }

    @Test
    void anAliasListsItsTargetsAndPinsModels() {
        assertEquals(List.of("aws=llama-3.2-1b", "openai=gpt-4o"), pairs(catalog.resolve("fast", EMPTY)));
    }

    @Test
    void disabledProvidersAreLeftOutOfAliases() {
        assertEquals(List.of("gcp=null"), pairs(catalog.resolve("cheap", EMPTY)));
    }

    @Test
    void aConcreteModelGoesToTargetsThatListIt() {
        assertEquals(List.of("aws=llama-3.2-1b"), pairs(catalog.resolve("llama-3.2-1b", EMPTY)));
        assertEquals(List.of("openai=gpt-4o"), pairs(catalog.resolve("gpt-4o", EMPTY)));
    }

    @Test
    void aClusterWithoutAModelListServesWhatItsHealthRecordReports() {
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .health(SnapshotFixture.upRecord("gcp", NOW, 20L, 0, null, List.of("llama-3.2-1b", "qwen2.5-0.5b")))
                .build();

        assertEquals(List.of("aws=llama-3.2-1b", "gcp=llama-3.2-1b"), pairs(catalog.resolve("llama-3.2-1b", snapshot)));
        assertEquals(List.of("gcp=qwen2.5-0.5b"), pairs(catalog.resolve("qwen2.5-0.5b", snapshot)));
    }

    @Test
    void aProviderWithoutAModelListServesTheModelsItHasAPriceFor() {
        RoutingSnapshot snapshot = SnapshotFixture.at(NOW)
                .providerCost("anthropic", "claude-sonnet-4", 0.003, 0.015, 200000)
                .providerCost("gemini", "gemini-2.0-flash", 0.0001, 0.0004, null)
                .build();

        assertEquals(List.of("anthropic=claude-sonnet-4"), pairs(catalog.resolve("claude-sonnet-4", snapshot)));
        assertTrue(catalog.resolve("gemini-2.0-flash", snapshot).isEmpty(), "gemini is disabled");
        assertTrue(catalog.resolve("claude-sonnet-4", EMPTY).isEmpty(), "no price, no model");
    }

    @Test
    void anUnknownModelHasNoTarget() {
        assertTrue(catalog.resolve("mistral-large", EMPTY).isEmpty());
    }

    @Test
    void badAliasesAndDuplicateNamesAreConfigErrors() {
        IllegalArgumentException unknownTarget = assertThrows(IllegalArgumentException.class,
                () -> new TargetCatalog(config().cluster("aws", 0.09).alias("x", "azure").build()));
        assertTrue(unknownTarget.getMessage().contains("'azure'"), unknownTarget.getMessage());

        IllegalArgumentException noModel = assertThrows(IllegalArgumentException.class,
                () -> new TargetCatalog(config().provider("openai", null).alias("x", "openai").build()));
        assertTrue(noModel.getMessage().contains("no defaultModel"), noModel.getMessage());

        IllegalArgumentException duplicate = assertThrows(IllegalArgumentException.class,
                () -> new TargetCatalog(config().cluster("same", 0.09).provider("same", "gpt-4o").build()));
        assertTrue(duplicate.getMessage().contains("'same'"), duplicate.getMessage());
    }

    private static List<String> pairs(List<EligibleTarget> eligible) {
        return eligible.stream().map(e -> e.target().name() + "=" + e.upstreamModel()).toList();
    }
}
