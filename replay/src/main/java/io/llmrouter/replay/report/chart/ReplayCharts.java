package io.llmrouter.replay.report.chart;

import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.sim.PolicyRun;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A replay's charts, as standalone SVG files next to {@code report.json}: {@value #SPEND} (every policy),
 * {@value #TRAFFIC} (the router's run, else the first policy's) and {@code traffic-share-<policy>.svg} for
 * each other policy, and {@code queue-depth-<cluster>.svg} for each cluster under the router. Files open in
 * any browser; nothing else is needed to read them.
 */
public final class ReplayCharts {

    public static final String SPEND = "spend-over-time.svg";
    public static final String TRAFFIC = "traffic-share.svg";
    /** The policy whose queues are charted: the one that decides from the poller's records. */
    static final String ROUTER = "router";

    private ReplayCharts() {
    }

    /** Each chart's SVG text by file name, in a fixed order: the same runs give the same files. */
    public static Map<String, String> render(List<PolicyRun> runs) {
        Map<String, String> files = new LinkedHashMap<>();
        if (runs.isEmpty()) {
            return files;
        }
        files.put(SPEND, ChartSvg.render(SpendOverTime.of(runs)));
        PolicyRun main = runs.stream().filter(run -> run.policy().equals(ROUTER)).findFirst().orElse(runs.get(0));
        files.put(TRAFFIC, ChartSvg.render(TrafficShare.of(main)));
        for (PolicyRun run : runs) {
            if (run != main) {
                files.put("traffic-share-" + slug(run.policy()) + ".svg", ChartSvg.render(TrafficShare.of(run)));
            }
        }
        if (main.policy().equals(ROUTER)) {
            Set<String> used = new HashSet<>();
            for (ClusterSpec cluster : main.fleet().clusters()) {
                String name = unique("queue-depth-" + slug(cluster.name()), used) + ".svg";
                files.put(name, ChartSvg.render(QueueDepth.of(main, cluster.name())));
            }
        }
        return files;
    }

    /** Writes the charts into {@code dir}; returns their file names. */
    public static List<String> write(List<PolicyRun> runs, Path dir) {
        Map<String, String> files = render(runs);
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the charts in " + dir, e);
        }
        return new ArrayList<>(files.keySet());
    }

    /** {@code name} as a file name's part: lower-case letters, digits and dashes. */
    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return slug.isEmpty() ? "unnamed" : slug;
    }

    private static String unique(String name, Set<String> used) {
        String candidate = name;
        for (int i = 2; !used.add(candidate); i++) {
            candidate = name + "-" + i;
        }
        return candidate;
    }
}
