package io.llmrouter.replay.report.chart;

import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.fleet.ProviderSpec;
import io.llmrouter.replay.sim.Outcome;
import io.llmrouter.replay.sim.PolicyRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one policy sent its requests over time: per time bucket, each target's share of the requests that
 * arrived in it, stacked to 100 % (clusters at the bottom in cool colours, providers above in warm ones,
 * requests sent nowhere on top in grey). A bucket without arrivals stays empty. Buckets are a round length
 * (a minute for an hour's trace) giving at most {@value #MAX_BUCKETS} of them.
 */
final class TrafficShare {

    static final int MAX_BUCKETS = 60;
    private static final int[] BUCKET_SECONDS = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
            10800, 21600, 43200, 86400};
    static final String UNROUTED = "sent nowhere";

    private TrafficShare() {
    }

    static Chart of(PolicyRun run) {
        List<Outcome> outcomes = run.outcomes();
        double last = outcomes.isEmpty() ? 0 : outcomes.get(outcomes.size() - 1).arrival();
        int bucketSeconds = bucketSeconds(last);
        int buckets = (int) Math.floor(last / bucketSeconds) + 1;

        Map<String, String> colours = coloursOf(run);
        Map<String, int[]> counts = new LinkedHashMap<>();
        colours.keySet().forEach(target -> counts.put(target, new int[buckets]));
        int[] totals = new int[buckets];
        for (Outcome outcome : outcomes) {
            int bucket = Math.min(buckets - 1, (int) Math.floor(outcome.arrival() / bucketSeconds));
            String target = outcome.routed() ? outcome.target() : UNROUTED;
            counts.computeIfAbsent(target, t -> new int[buckets])[bucket]++;
            totals[bucket]++;
        }

        double[] minutes = new double[2 * buckets];
        for (int b = 0; b < buckets; b++) {
            minutes[2 * b] = b * bucketSeconds / 60.0;
            minutes[2 * b + 1] = (b + 1) * bucketSeconds / 60.0;
        }
        List<Series> bands = new ArrayList<>();
        double[] base = new double[2 * buckets];
        StringBuilder description = new StringBuilder("Share of " + run.policy() + "'s " + outcomes.size()
                + " requests per target, per " + bucketName(bucketSeconds) + ":");
        for (Map.Entry<String, int[]> entry : counts.entrySet()) {
            int[] count = entry.getValue();
            int total = 0;
            double[] top = new double[2 * buckets];
            for (int b = 0; b < buckets; b++) {
                double share = totals[b] == 0 ? 0 : 100.0 * count[b] / totals[b];
                top[2 * b] = base[2 * b] + share;
                top[2 * b + 1] = base[2 * b + 1] + share;
                total += count[b];
            }
            if (total == 0) {
                continue;
            }
            String name = entry.getKey();
            bands.add(Series.band(labelOf(run, name), colours.getOrDefault(name, Palette.UNROUTED), minutes, base, top));
            description.append(bands.size() == 1 ? " " : "; ").append(labelOf(run, name)).append(' ').append(total);
            base = top;
        }
        return new Chart(run.policy() + ": share of requests per target, per " + bucketName(bucketSeconds),
                description.append('.').toString(), "minutes since the trace's start", Unit.MINUTES,
                "share of requests (%)", Unit.PERCENT, 100.0, bands);
    }

    /** The shortest round bucket that splits {@code seconds} into at most {@link #MAX_BUCKETS}. */
    static int bucketSeconds(double seconds) {
        for (int candidate : BUCKET_SECONDS) {
            if (Math.floor(seconds / candidate) + 1 <= MAX_BUCKETS) {
                return candidate;
            }
        }
        return (int) Math.ceil(seconds / (MAX_BUCKETS - 1));
    }

    private static String bucketName(int seconds) {
        if (seconds == 60) {
            return "minute";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    /** Every target's colour, clusters first, each group in the fleet's order, then requests sent nowhere. */
    private static Map<String, String> coloursOf(PolicyRun run) {
        Map<String, String> colours = new LinkedHashMap<>();
        List<ClusterSpec> clusters = run.fleet().clusters();
        for (int i = 0; i < clusters.size(); i++) {
            colours.put(clusters.get(i).name(), Palette.pick(Palette.CLUSTERS, i));
        }
        List<ProviderSpec> providers = run.fleet().providers();
        for (int i = 0; i < providers.size(); i++) {
            colours.put(providers.get(i).name(), Palette.pick(Palette.PROVIDERS, i));
        }
        colours.put(UNROUTED, Palette.UNROUTED);
        return colours;
    }

    private static String labelOf(PolicyRun run, String target) {
        if (run.fleet().cluster(target).isPresent()) {
            return target + " (cluster)";
        }
        return run.fleet().provider(target).isPresent() ? target + " (provider)" : target;
    }
}
