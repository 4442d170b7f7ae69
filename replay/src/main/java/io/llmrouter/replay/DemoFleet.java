package io.llmrouter.replay;

import java.util.List;

/**
 * The fleet {@code ./run-local replay} simulates without {@code --config}: the local stack's three demo
 * clusters at their node prices, serving the demo model at the speed models/ gives it, each of their two
 * slots with the 4,096-token window the Helm chart gives a slot ({@code charts/llm-server}, {@code
 * model.contextWindow}); and OpenAI's gpt-4o at its LiteLLM price as the premium provider.
 *
 * <p>The window is the chart's rather than the laptop servers' 1,024 tokens: at 1,024, half the prompts
 * of the Azure conversation trace and 62 % of the code trace fit no cluster, and even the clairvoyant
 * policy saves no more than 27 % and 9 % on them; the replay would measure the window, not the routing.
 */
public final class DemoFleet {

    /** The demo clusters, one per cloud, in the order the local stack starts them. */
    public static final List<String> CLUSTERS = List.of("aws-us-west-2", "gcp-us-central1", "azure-eastus");
    /** Each demo cluster's node $/h. */
    public static final List<Double> NODE_PRICES = List.of(0.0928, 0.0950, 0.0968);
    /** Tokens each slot holds, as the chart deploys it. */
    public static final int CONTEXT_WINDOW = 4096;

    private DemoFleet() {
    }

    /** The demo fleet as a router config: the demo's routing settings, its clusters, and gpt-4o. */
    public static String config() {
        StringBuilder yaml = new StringBuilder("""
                router:
                  routingStrategy: cost
                  healthCheckInterval: 2s
                  hysteresis: {margin: 0.10, holdTime: 10s}
                  ttftSla: 2s
                clusters:
                """);
        for (int i = 0; i < CLUSTERS.size(); i++) {
            yaml.append("  - {name: ").append(CLUSTERS.get(i)).append(", endpoint: \"http://").append(CLUSTERS.get(i))
                    .append(".replay.invalid:8080\", costPerHour: ").append(NODE_PRICES.get(i))
                    .append(", instanceType: local, models: [tiny-random-llama], contextWindow: ").append(CONTEXT_WINDOW)
                    .append("}\n");
        }
        return ReplayCommand.withDemoProvider(yaml.toString());
    }
}
