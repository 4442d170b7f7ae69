package io.llmrouter.replay;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.policy.Policies;
import io.llmrouter.replay.report.PolicyReport;
import io.llmrouter.replay.report.ReplayReport;
import io.llmrouter.replay.scenario.Scenario;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.Replay;
import io.llmrouter.replay.sim.ReplaySettings;
import io.llmrouter.replay.trace.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Replays one trace under several policies, each on a fresh copy of the same fleet, and reports them side by side. */
public final class PolicyComparison {

    private final RouterConfig config;
    private final Fleet fleet;
    private final ModelCatalog catalog;
    private final ReplaySettings settings;
    private final Scenario scenario;

    public PolicyComparison(RouterConfig config, Fleet fleet, ModelCatalog catalog, ReplaySettings settings) {
        this(config, fleet, catalog, settings, Scenario.NONE);
    }

    /** @param scenario the faults and autoscalers every policy's replay runs with */
    public PolicyComparison(RouterConfig config, Fleet fleet, ModelCatalog catalog, ReplaySettings settings,
                            Scenario scenario) {
        this.config = config;
        this.fleet = fleet;
        this.catalog = catalog;
        this.settings = settings;
        this.scenario = scenario;
    }

    /** Each named policy's run, in the order given. */
    public List<PolicyRun> runs(Trace trace, List<String> policies) {
        Replay replay = new Replay(config, fleet, catalog, settings, scenario);
        List<PolicyRun> runs = new ArrayList<>();
        for (String name : policies) {
            Policies.Entry policy = Policies.named(name).orElseThrow(() -> new IllegalArgumentException(
                    "unknown policy '" + name + "'; the policies are " + Policies.names()));
            runs.add(replay.run(trace, policy.name(), policy.usesClusters(), policy.factory()));
        }
        return runs;
    }

    public ReplayReport report(Trace trace, List<PolicyRun> runs) {
        List<PolicyReport> lines = runs.stream().map(run -> PolicyReport.of(run, settings.ttftSlaSeconds())).toList();
        return new ReplayReport(new ReplayReport.TraceSummary(trace.name(), trace.size(), trace.durationSeconds()),
                new ReplayReport.Settings(settings.seed(), settings.ttftSlaSeconds(), premiumProvider(runs),
                        scenario.source()), lines, List.of());
    }

    /** The provider always-premium used: the one named in the settings, else the one it chose; null when it did not run. */
    private String premiumProvider(List<PolicyRun> runs) {
        if (settings.premiumProvider() != null) {
            return settings.premiumProvider();
        }
        return runs.stream()
                .filter(run -> run.policy().equals("always-premium"))
                .flatMap(run -> run.outcomes().stream())
                .map(Outcome::target)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    public ReplayReport compare(Trace trace, List<String> policies) {
        return report(trace, runs(trace, policies));
    }
}
