package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.report.PolicyReport;
import io.llmrouter.replay.scenario.ScenarioReader;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.ReplaySettings;
import io.llmrouter.replay.trace.Trace;
import io.llmrouter.replay.trace.TraceRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;

/** Hand-made traces and one-policy replays with a scenario, for the scenario tests. */
final class ScenarioRuns {

    /** Four slots a cluster, prefill ten times decode; gpt-4o's first token after 0.5 s, then 50 tokens/s. */
    static final Fleet.Shape FOUR_SLOTS = new Fleet.Shape(1, 4, 10, 0.5, 50);

    private ScenarioRuns() {
    }

    /**
     * One cluster, c1, at {@code costPerHour} and 10 tokens/s, and gpt-4o; routed by cost, polled every 2 s,
     * snapshot reloaded every second, hysteresis 10 % / 2 s; {@code routerLines} adds router settings.
     */
    static RouterConfig quickCluster(double costPerHour, String routerLines) {
        return TestConfigs.oneClusterAndGpt4o("""
                router:
                  routingStrategy: cost
                  healthCheckInterval: 2s
                  hysteresis: {margin: 0.10, holdTime: 2s}
                %s
                store:
                  snapshotRefresh: 1s
                """.formatted(routerLines.indent(2).stripTrailing()), 10, costPerHour);
    }

    /** A request of {@code prompt} and {@code generated} tokens every {@code every} seconds from 0 until before {@code until}. */
    static Trace steady(double every, double until, int prompt, int generated) {
        List<TraceRequest> requests = new ArrayList<>();
        for (int i = 0; i * every < until; i++) {
            requests.add(new TraceRequest(i, i * every, prompt, generated));
        }
        return new Trace("steady.csv", requests);
    }

    static PolicyRun run(RouterConfig config, Fleet.Shape shape, Trace trace, String scenario, String policy) {
        Fleet fleet = Fleet.of(config, ModelCatalog.empty(), shape);
        return new PolicyComparison(config, fleet, ModelCatalog.empty(), ReplaySettings.defaults(),
                ScenarioReader.parse(scenario, "test.yaml", fleet)).runs(trace, List.of(policy)).get(0);
    }

    static PolicyReport report(PolicyRun run) {
        return PolicyReport.of(run, ReplaySettings.defaults().ttftSlaSeconds());
    }

    /** The outcomes of the requests that arrived when {@code when} holds. */
    static List<Outcome> arriving(PolicyRun run, DoublePredicate when) {
        return run.outcomes().stream().filter(o -> when.test(o.arrival())).toList();
    }

    static List<String> targets(List<Outcome> outcomes) {
        return outcomes.stream().map(Outcome::target).distinct().toList();
    }
}
