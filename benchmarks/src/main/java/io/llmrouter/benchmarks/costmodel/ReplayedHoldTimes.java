package io.llmrouter.benchmarks.costmodel;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.replay.DemoFleet;
import io.llmrouter.replay.PolicyComparison;
import io.llmrouter.replay.ReplayCommand;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.ReplaySettings;
import io.llmrouter.replay.trace.TraceReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Hold times from a trace replayed through the replay module's fleet model, as {@code ./run-local replay} runs
 * it without {@code --config}: the demo fleet (three clusters and gpt-4o), the default seed, one policy: the
 * real router ({@code router}), or everything to the provider ({@code always-premium}). The times are the fleet model's, not a provider's measured ones:
 * a cluster slot's prefill and decode, a provider's 0.5 s first token then 60 tokens/s, queueing and failovers.
 */
public final class ReplayedHoldTimes {

    private ReplayedHoldTimes() {
    }

    /** {@code trace}'s hold times under the named replay policy ({@code router}, {@code always-premium}, ...). */
    public static HoldTimes of(Path trace, String policy) throws IOException {
        Path prices = ReplayCommand.bundledPrices();
        try {
            RouterConfig config = ConfigLoader.fromYaml(DemoFleet.config(),
                    Map.of(ReplayCommand.PRICES_VARIABLE, prices.toString()));
            ModelCatalog catalog = ModelCatalog.fromClasspath();
            ReplaySettings settings = ReplaySettings.defaults()
                    .withTtftSla(config.router().ttftSla().toNanos() / 1e9);
            Fleet fleet = Fleet.of(config, catalog, Fleet.Shape.defaults());
            PolicyRun run = new PolicyComparison(config, fleet, catalog, settings)
                    .runs(TraceReader.read(trace), List.of(policy)).getFirst();
            return new HoldTimes(run.outcomes().stream().mapToDouble(ReplayedHoldTimes::heldSeconds).toArray());
        } finally {
            Files.deleteIfExists(prices);
        }
    }

    /** A request sent nowhere is answered at once (no target fits); any other is held until it ends. */
    static double heldSeconds(Outcome outcome) {
        return outcome.routed() ? outcome.end() - outcome.arrival() : 0;
    }
}
