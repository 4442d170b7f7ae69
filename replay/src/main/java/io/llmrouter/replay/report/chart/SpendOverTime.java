package io.llmrouter.replay.report.chart;

import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;

import java.util.ArrayList;
import java.util.List;

/**
 * Each policy's cumulative real spend over the trace, one line per policy: its clusters' node-hours accrue
 * evenly from 0 to the run's end (what {@link PolicyRun#clusterSpendUsd()} charges), a provider's price as
 * each request is sent. Each line ends at its policy's {@code spendUsd} in the report, so the chart and the
 * table never disagree.
 */
final class SpendOverTime {

    /** Points per line, besides the start. */
    static final int STEPS = 240;

    private SpendOverTime() {
    }

    static Chart of(List<PolicyRun> runs) {
        double end = 0;
        for (PolicyRun run : runs) {
            end = Math.max(end, run.endSeconds());
        }
        List<Series> lines = new ArrayList<>();
        StringBuilder description = new StringBuilder("Cumulative spend in US dollars (cluster node-hours plus provider"
                + " token prices) over " + Svg.fixed(end / 60, 1) + " minutes of the trace, by policy:");
        for (int p = 0; p < runs.size(); p++) {
            PolicyRun run = runs.get(p);
            Series line = line(run, end, Palette.pick(Palette.SERIES, p));
            lines.add(line);
            description.append(p == 0 ? " " : "; ").append(run.policy()).append(" $")
                    .append(Svg.fixed(line.y()[line.points() - 1], 4));
        }
        return new Chart("Cumulative spend by policy", description.append('.').toString(),
                "minutes since the trace's start", Unit.MINUTES, "spend (USD)", Unit.USD, null, lines);
    }

    /** {@code run}'s spend at {@link #STEPS} even steps from 0 to {@code end} seconds. */
    static Series line(PolicyRun run, double end, String colour) {
        double[] minutes = new double[STEPS + 1];
        double[] usd = new double[STEPS + 1];
        List<Outcome> outcomes = run.outcomes();
        double clusterSpend = run.clusterSpendUsd();
        double provider = 0;
        int next = 0;
        for (int i = 0; i <= STEPS; i++) {
            double t = i == STEPS ? end : end * i / STEPS;
            while (next < outcomes.size() && (outcomes.get(next).arrival() <= t || i == STEPS)) {
                provider += outcomes.get(next).providerCostUsd();
                next++;
            }
            double clusterShare = run.endSeconds() > 0 ? Math.min(t, run.endSeconds()) / run.endSeconds() : 1;
            minutes[i] = t / 60;
            usd[i] = clusterSpend * clusterShare + provider;
        }
        return Series.line(run.policy(), colour, minutes, usd);
    }
}
