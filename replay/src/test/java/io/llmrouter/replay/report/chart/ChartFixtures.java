package io.llmrouter.replay.report.chart;

import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.fleet.ProviderSpec;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.QueueSample;

import java.util.List;

/** Hand-made runs whose charts can be worked out by hand: two minutes, two clusters, one provider. */
final class ChartFixtures {

    /** c1 at 3.6 $/h (0.001 $/s), "east & west" at 0 $/h, and openai. */
    static final Fleet FLEET = new Fleet(List.of(
            new ClusterSpec("c1", List.of("m"), 1, 1, 100, 10, 3.6, 1000),
            new ClusterSpec("east & west", List.of("m"), 1, 1, 100, 10, 0, 1000)),
            List.of(new ProviderSpec("openai", "gpt-4o", 0.5, 60)));

    private static final Outcome.Attempts ONE_ATTEMPT = new Outcome.Attempts(1, 0, 0, 0);

    private ChartFixtures() {
    }

    private static Outcome cluster(int index, String target, double arrival) {
        return new Outcome(index, target, true, arrival, 0, 1, arrival + 3, 0, ONE_ATTEMPT, false);
    }

    private static Outcome provider(int index, double arrival, double usd) {
        return new Outcome(index, "openai", false, arrival, 0, 0.5, arrival + 1, usd, ONE_ATTEMPT, false);
    }

    /**
     * The router: c1 at 0 s and 60 s, openai at 30 s ($0.50) and 90 s ($0.25), nothing at 100 s; it ran
     * until 120 s, so its clusters cost 0.12 $ and its spend is 0.87 $.
     */
    static PolicyRun router() {
        return new PolicyRun("router", true, List.of(
                cluster(0, "c1", 0), provider(1, 30, 0.50), cluster(2, "c1", 60), provider(3, 90, 0.25),
                Outcome.unrouted(4, 100)), 120, FLEET, List.of(
                new QueueSample(0, "c1", 0, 0), new QueueSample(0, "east & west", 0, 0),
                new QueueSample(30, "c1", 2, 0), new QueueSample(30, "east & west", 0, 0),
                new QueueSample(60, "c1", 1, 2), new QueueSample(60, "east & west", 0, null),
                new QueueSample(90, "c1", 0, 1), new QueueSample(90, "east & west", 1, 1)));
    }

    /** Everything to openai, $1 a request, at 0, 30, 60, 90 and 100 s: $5. */
    static PolicyRun alwaysPremium() {
        return new PolicyRun("always-premium", false, List.of(provider(0, 0, 1), provider(1, 30, 1),
                provider(2, 60, 1), provider(3, 90, 1), provider(4, 100, 1)), 101, FLEET, List.of());
    }
}
