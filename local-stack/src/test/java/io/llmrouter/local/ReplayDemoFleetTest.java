package io.llmrouter.local;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.replay.DemoFleet;
import io.llmrouter.replay.ReplayCommand;
import io.llmrouter.replay.fleet.Fleet;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code ./run-local replay} without --config simulates the local stack's demo clusters, and gpt-4o as the premium provider. */
class ReplayDemoFleetTest {

    @Test
    void theDemoFleetIsTheDemoClustersAtTheirPricesAndGpt4o() {
        RouterConfig config = ConfigLoader.fromYaml(DemoFleet.config(),
                Map.of(ReplayCommand.PRICES_VARIABLE, "prices.json"));
        Fleet fleet = Fleet.of(config, ModelCatalog.fromClasspath(), Fleet.Shape.defaults());
        assertEquals(LocalDeployment.DEMO_CLUSTERS, fleet.clusters().stream().map(c -> c.name()).toList());
        assertEquals(LocalDeployment.DEMO_PRICES, fleet.clusters().stream().map(c -> c.nodePricePerHour()).toList());
        assertEquals(1000, fleet.clusters().get(0).decodeTokensPerSecond(), "tiny-random-llama on 'local' in models/");
        assertEquals(2, fleet.clusters().get(0).slots(), "one server of two slots, as run-local starts them");
        assertEquals(4096, fleet.clusters().get(0).contextWindow(), "the chart's window per slot");
        assertEquals("gpt-4o", fleet.provider("openai").orElseThrow().model());
        assertEquals("prices.json", config.priceFeeds().get(0).location());
    }
}
