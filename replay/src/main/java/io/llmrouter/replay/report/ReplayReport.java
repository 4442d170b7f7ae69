package io.llmrouter.replay.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A replay's result: the trace, the settings it ran with, each policy's line, and the file names of the
 * charts written next to it; {@code report.json} is this record as JSON.
 */
public record ReplayReport(TraceSummary trace, Settings settings, List<PolicyReport> policies, List<String> charts) {

    /** @param file the trace's file name */
    public record TraceSummary(String file, int requests, double durationSeconds) {
    }

    /**
     * What the numbers depend on besides the trace and the config.
     *
     * @param scenario the scenario file's name; null without one
     */
    public record Settings(long seed, double ttftSlaSeconds, String premiumProvider, String scenario) {
    }

    public ReplayReport {
        policies = List.copyOf(policies);
        charts = List.copyOf(charts);
    }

    /** This report, naming {@code charts} (files in the directory it is written to). */
    public ReplayReport withCharts(List<String> charts) {
        return new ReplayReport(trace, settings, policies, charts);
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.writeString(dir.resolve("report.json"), toJson() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir, e);
        }
    }

    /** Each policy's replicas per cluster, when some cluster's count changed during the replay. */
    private void replicaLines(StringBuilder out) {
        boolean scaled = policies.stream().flatMap(p -> p.replicasByCluster().values().stream())
                .anyMatch(r -> Math.abs(r.average() - r.peak()) > 1e-9);
        if (!scaled) {
            return;
        }
        out.append(String.format(Locale.ROOT, "%nreplicas (peak / average):%n"));
        for (PolicyReport p : policies) {
            if (p.replicasByCluster().isEmpty()) {
                continue;
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-16s", p.name()));
            p.replicasByCluster().forEach((cluster, r) -> line.append(String.format(Locale.ROOT, " %s %d / %.2f;",
                    cluster, r.peak(), r.average())));
            out.append(line).append('\n');
        }
    }

    /** The policies side by side, for people. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "trace %s: %d requests over %.0f s; TTFT SLA %.1f s; seed %d%s%n",
                trace.file(), trace.requests(), trace.durationSeconds(), settings.ttftSlaSeconds(), settings.seed(),
                settings.scenario() == null ? "" : "; scenario " + settings.scenario()));
        out.append(String.format(Locale.ROOT, "%-16s %12s %12s %12s %9s %9s %6s %9s %9s %9s %9s %8s %9s %6s %9s %8s%n",
                "policy", "spend $", "clusters $", "providers $", "requests", "unrouted", "lost", "TTFT p50",
                "TTFT p95", "wait p50", "wait p95", "SLA miss", "failovers", "down", "down>poll", "switches"));
        for (PolicyReport p : policies) {
            out.append(String.format(Locale.ROOT,
                    "%-16s %12.4f %12.4f %12.4f %9d %9d %6d %8.3fs %8.3fs %8.3fs %8.3fs %8d %9d %6d %9d %8d%n",
                    p.name(), p.spendUsd(), p.clusterSpendUsd(), p.providerSpendUsd(), p.requests(), p.unrouted(),
                    p.lost(), p.ttftP50Seconds(), p.ttftP95Seconds(), p.queueWaitP50Seconds(), p.queueWaitP95Seconds(),
                    p.slaMisses(), p.failovers(), p.sentToDownTarget(), p.sentToDownAfterPollInterval(), p.switches()));
        }
        replicaLines(out);
        return out.toString();
    }
}
