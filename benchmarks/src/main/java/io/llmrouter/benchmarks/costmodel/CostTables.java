package io.llmrouter.benchmarks.costmodel;

import java.util.List;
import java.util.Locale;

/** The program's Markdown tables, so that docs/cost-at-scale.md can take them as printed. */
final class CostTables {

    private CostTables() {
    }

    static String holdTimes(List<String> names, List<HoldTimes> holds) {
        StringBuilder table = new StringBuilder("| hold times | requests | mean | p50 | p90 | p99 | max |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < names.size(); i++) {
            HoldTimes h = holds.get(i);
            table.append(String.format(Locale.ROOT, "| %s | %,d | %.3f s | %.3f s | %.3f s | %.3f s | %.3f s |%n",
                    names.get(i), h.requests(), h.mean(), h.percentile(50), h.percentile(90), h.percentile(99),
                    h.percentile(100)));
        }
        return table.toString();
    }

    /** Total $ per million requests, one row per deployment and one column per rate, with the capacity behind it. */
    static String headline(List<Deployment> deployments, double[] rates, CallPath path, CostFunction costs) {
        StringBuilder table = new StringBuilder("| " + path.label() + ", $ per million requests |");
        StringBuilder rule = new StringBuilder("|---|");
        for (double rate : rates) {
            table.append(String.format(Locale.ROOT, " %,.0f req/s |", rate));
            rule.append("---|");
        }
        table.append('\n').append(rule).append('\n');
        for (Deployment deployment : deployments) {
            table.append("| ").append(deployment.label()).append(" |");
            for (double rate : rates) {
                RouterCost cost = costs.at(deployment, path, rate);
                table.append(String.format(Locale.ROOT, " **%.2f** (%s) |", cost.totalPerMillion(), capacity(cost)));
            }
            table.append('\n');
        }
        return table.toString();
    }

    /** Every line of every cost. */
    static String lines(List<RouterCost> costs) {
        StringBuilder table = new StringBuilder("| deployment | path | req/s | mean hold | in flight | environments "
                + "| instances | Lambda requests | compute | front door | snapshot reads | **total $/M** | $/h |\n"
                + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (RouterCost c : costs) {
            table.append(String.format(Locale.ROOT,
                    "| %s | %s | %,.0f | %.3f s | %,.1f | %,d | %s | %.2f | %.2f | %.2f | %.3f | **%.2f** | %.2f |%n",
                    c.deployment().label(), c.path().label(), c.requestsPerSecond(), c.meanHoldSeconds(), c.inFlight(),
                    c.environments(), c.sizedBy() == null ? "–" : c.instances() + " (" + c.sizedBy().name().toLowerCase(Locale.ROOT) + ")",
                    c.lambdaRequestsPerMillion(), c.computePerMillion(), c.frontDoorPerMillion(),
                    c.snapshotReadsPerMillion(), c.totalPerMillion(), c.usdPerHour()));
        }
        return table.toString();
    }

    private static String capacity(RouterCost cost) {
        return cost.sizedBy() == null
                ? String.format(Locale.ROOT, "%,d env", cost.environments())
                : String.format(Locale.ROOT, "%d inst, %,d env", cost.instances(), cost.environments());
    }

    /** A deployment's cost on a path at a rate, for the hold times at hand. */
    interface CostFunction {
        RouterCost at(Deployment deployment, CallPath path, double requestsPerSecond);
    }
}
