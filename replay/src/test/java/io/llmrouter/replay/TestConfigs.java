package io.llmrouter.replay;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/** Router configs for the tests of every package, their providers priced from the bundled LiteLLM snapshot. */
public final class TestConfigs {

    private static Path prices;

    private TestConfigs() {
    }

    public static synchronized RouterConfig load(String yaml) {
        try {
            if (prices == null) {
                prices = ReplayCommand.bundledPrices();
                prices.toFile().deleteOnExit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ConfigLoader.fromYaml(yaml, Map.of(ReplayCommand.PRICES_VARIABLE, prices.toString()));
    }

    /** One cluster of {@code tokensPerSecond} at {@code costPerHour}, and gpt-4o. */
    public static RouterConfig oneClusterAndGpt4o(String router, double tokensPerSecond, double costPerHour) {
        return load(ReplayCommand.withDemoProvider(router + """
                clusters:
                  - {name: c1, endpoint: "http://c1.replay.invalid:8080", costPerHour: %s, tokensPerSecond: %s, contextWindow: 1000}
                """.formatted(costPerHour, tokensPerSecond)));
    }

    /** The demo fleet: three one-server clusters of the demo model, and gpt-4o. */
    public static RouterConfig demoFleet() {
        return load(DemoFleet.config());
    }
}
