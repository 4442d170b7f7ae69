package io.llmrouter.routing;

import io.llmrouter.config.ComplexitySettings;
import io.llmrouter.routing.complexity.PromptComplexity;
import io.llmrouter.state.RoutingSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.llmrouter.routing.RouterConfigFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The router puts the tier a prompt's complexity prefers first, and keeps the strategy's order otherwise. */
class ComplexityTieringTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final String SIMPLE = "What is the capital of France?";
    static final String COMPLEX = "Analyze the trade-offs of event sourcing, then design a migration plan step by step.";

    static RoutingSnapshot fleet() {
        // The cost strategy alone ranks openai first: it is cheaper than both clusters here.
        return SnapshotFixture.at(NOW)
                .healthy("cluster-a", 50).clusterCost("cluster-a", 0.002)
                .healthy("cluster-b", 50).clusterCost("cluster-b", 0.003)
                .providerCost("openai", "gpt-4o-mini", 0.00015, 0.0006, null)
                .providerCost("anthropic", "claude-sonnet-4-5", 0.003, 0.015, null)
                .build();
    }

    static Router router(ComplexitySettings complexity) {
        return new Router(config().cluster("cluster-a", 0.09).cluster("cluster-b", 0.1)
                .provider("openai", "gpt-4o-mini").provider("anthropic", "claude-sonnet-4-5")
                .complexity(complexity).build());
    }

    static List<String> order(Router router, String prompt) {
        RouteRequest request = new RouteRequest("auto", 20, 100, PromptComplexity.analyze(prompt, 20));
        return router.decide(request, fleet(), NOW).candidates().stream().map(c -> c.target().name()).toList();
    }

    @Test
    void withTieringOffTheStrategyAloneDecides() {
        Router router = router(ComplexitySettings.disabled());
        assertEquals(List.of("openai", "cluster-a", "cluster-b", "anthropic"), order(router, SIMPLE));
        assertEquals(List.of("openai", "cluster-a", "cluster-b", "anthropic"), order(router, COMPLEX));
    }

    @Test
    void byDefaultSimplePromptsGoToClustersAndComplexOnesToProviders() {
        Router router = router(new ComplexitySettings(true, 0.15, 0.5, List.of(), List.of()));
        assertEquals(List.of("cluster-a", "cluster-b", "openai", "anthropic"), order(router, SIMPLE));
        assertEquals(List.of("openai", "anthropic", "cluster-a", "cluster-b"), order(router, COMPLEX));
    }

    @Test
    void namedTiersArePreferredAndTheReasonSaysWhy() {
        Router router = router(new ComplexitySettings(true, 0.15, 0.5, List.of("cluster-b"), List.of("anthropic")));
        assertEquals(List.of("anthropic", "openai", "cluster-a", "cluster-b"), order(router, COMPLEX));
        assertEquals(List.of("cluster-b", "openai", "cluster-a", "anthropic"), order(router, SIMPLE));

        RouteRequest request = new RouteRequest("auto", 20, 100, PromptComplexity.analyze(COMPLEX, 20));
        String reason = router.decide(request, fleet(), NOW).candidates().get(0).reason();
        assertTrue(reason.contains("complexity 0.") && reason.contains("complex: premium tier first"), reason);
    }

    @Test
    void aRequestWithoutAnalysisKeepsTheStrategyOrder() {
        Router router = router(new ComplexitySettings(true, 0.15, 0.5, List.of(), List.of()));
        List<String> order = router.decide(new RouteRequest("auto", 20, 100), fleet(), NOW).candidates().stream()
                .map(c -> c.target().name()).toList();
        assertEquals(List.of("openai", "cluster-a", "cluster-b", "anthropic"), order);
    }
}
