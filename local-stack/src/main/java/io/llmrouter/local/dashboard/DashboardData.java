package io.llmrouter.local.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * The {@code /dashboard/data} JSON: one series per chart of the CloudWatch dashboard, over the
 * board's buckets. A bucket without a value is null, so that charts leave a gap rather than draw a zero.
 */
final class DashboardData {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardData() {
    }

    static ObjectNode of(MetricsBoard board) {
        NavigableMap<Long, MetricsBoard.Bucket> buckets = board.buckets();
        ObjectNode root = JSON.createObjectNode();
        root.put("bucketSeconds", board.bucketMillis() / 1000.0);
        ArrayNode times = root.putArray("times");
        buckets.keySet().forEach(times::add);

        TreeSet<String> targets = new TreeSet<>();
        buckets.values().forEach(b -> targets.addAll(b.targets.keySet()));
        buckets.values().forEach(b -> b.gauges.values().forEach(g -> targets.addAll(g.keySet())));
        ArrayNode names = root.putArray("targets");
        targets.forEach(names::add);

        root.set("spend", perTarget(buckets, targets, f -> f.costUsd));
        root.set("requests", perTarget(buckets, targets, f -> f.requests));
        root.set("spendByTeam", spendByTeam(buckets));
        ObjectNode cumulative = root.putObject("cumulative");
        cumulative.set("spend", runningSum(buckets, f -> f.costUsd));
        cumulative.set("savings", runningSum(buckets, f -> f.savingsUsd));
        root.set("costPer1k", gauge(buckets, targets, "CostPer1k"));
        ObjectNode health = root.putObject("health");
        health.set("up", gauge(buckets, targets, "TargetUp"));
        health.set("queueDepth", gauge(buckets, targets, "QueueDepth"));
        health.set("tokensPerSecond", gauge(buckets, targets, "TokensPerSecond"));
        ObjectNode latency = root.putObject("latency");
        latency.set("p50", percentile(buckets, 0.50, false));
        latency.set("p99", percentile(buckets, 0.99, false));
        latency.set("overheadP50", percentile(buckets, 0.50, true));
        latency.set("overheadP99", percentile(buckets, 0.99, true));
        ObjectNode errors = root.putObject("errors");
        errors.set("errors", sum(buckets, f -> f.errors));
        errors.set("clientErrors", sum(buckets, f -> f.clientErrors));
        errors.set("failovers", sum(buckets, f -> f.failovers));
        errors.set("breakerOpens", sum(buckets, f -> f.breakerOpens));
        ObjectNode cache = root.putObject("cache");
        cache.set("hits", perBucket(buckets, b -> b.cacheHits));
        cache.set("misses", perBucket(buckets, b -> b.cacheMisses));
        cache.set("savedUsd", perBucket(buckets, b -> b.cacheSavedUsd));
        ArrayNode decisions = root.putArray("decisions");
        board.decisions().forEach((key, count) -> {
            String[] parts = key.split("\u0000", 2);
            decisions.addObject().put("target", parts[0]).put("reason", parts[1]).put("count", count);
        });
        ObjectNode totals = root.putObject("totals");
        totals.put("requests", total(buckets, f -> f.requests));
        totals.put("spendUsd", total(buckets, f -> f.costUsd));
        totals.put("savingsUsd", total(buckets, f -> f.savingsUsd));
        totals.put("cacheHits", buckets.values().stream().mapToLong(b -> b.cacheHits).sum());
        totals.put("cacheSavedUsd", buckets.values().stream().mapToDouble(b -> b.cacheSavedUsd).sum());
        return root;
    }

    /** A figure of the whole bucket, whatever the target (the response cache's). */
    private static ArrayNode perBucket(NavigableMap<Long, MetricsBoard.Bucket> buckets,
                                       ToDoubleFunction<MetricsBoard.Bucket> value) {
        ArrayNode points = JSON.createArrayNode();
        buckets.values().forEach(b -> points.add(value.applyAsDouble(b)));
        return points;
    }

    private static ObjectNode perTarget(NavigableMap<Long, MetricsBoard.Bucket> buckets, TreeSet<String> targets,
                                        ToDoubleFunction<MetricsBoard.TargetFigures> value) {
        ObjectNode series = JSON.createObjectNode();
        for (String target : targets) {
            ArrayNode points = series.putArray(target);
            buckets.values().forEach(b -> {
                MetricsBoard.TargetFigures figures = b.targets.get(target);
                if (figures == null) {
                    points.addNull();
                } else {
                    points.add(value.applyAsDouble(figures));
                }
            });
        }
        return series;
    }

    /** Each team's spend per bucket; null where the team spent nothing, as CloudWatch leaves a gap. */
    private static ObjectNode spendByTeam(NavigableMap<Long, MetricsBoard.Bucket> buckets) {
        TreeSet<String> teams = new TreeSet<>();
        buckets.values().forEach(b -> teams.addAll(b.teamSpend.keySet()));
        ObjectNode series = JSON.createObjectNode();
        for (String team : teams) {
            ArrayNode points = series.putArray(team);
            buckets.values().forEach(b -> {
                Double usd = b.teamSpend.get(team);
                if (usd == null) {
                    points.addNull();
                } else {
                    points.add(usd);
                }
            });
        }
        return series;
    }

    private static ArrayNode sum(NavigableMap<Long, MetricsBoard.Bucket> buckets,
                                 ToDoubleFunction<MetricsBoard.TargetFigures> value) {
        ArrayNode points = JSON.createArrayNode();
        buckets.values().forEach(b -> points.add(b.targets.values().stream().mapToDouble(value).sum()));
        return points;
    }

    private static ArrayNode runningSum(NavigableMap<Long, MetricsBoard.Bucket> buckets,
                                        ToDoubleFunction<MetricsBoard.TargetFigures> value) {
        ArrayNode points = JSON.createArrayNode();
        double running = 0;
        for (MetricsBoard.Bucket bucket : buckets.values()) {
            running += bucket.targets.values().stream().mapToDouble(value).sum();
            points.add(running);
        }
        return points;
    }

    private static double total(NavigableMap<Long, MetricsBoard.Bucket> buckets,
                                ToDoubleFunction<MetricsBoard.TargetFigures> value) {
        return buckets.values().stream().flatMap(b -> b.targets.values().stream()).mapToDouble(value).sum();
    }

    private static ObjectNode gauge(NavigableMap<Long, MetricsBoard.Bucket> buckets, TreeSet<String> targets,
                                    String metric) {
        ObjectNode series = JSON.createObjectNode();
        for (String target : targets) {
            List<Double> values = new ArrayList<>();
            buckets.values().forEach(b -> values.add(b.gauges.getOrDefault(metric, Map.of()).get(target)));
            if (values.stream().anyMatch(v -> v != null)) {
                ArrayNode points = series.putArray(target);
                values.forEach(v -> {
                    if (v == null) {
                        points.addNull();
                    } else {
                        points.add(v);
                    }
                });
            }
        }
        return series;
    }

    /** The nearest-rank percentile of the bucket's latencies (or router overheads), in ms. */
    private static ArrayNode percentile(NavigableMap<Long, MetricsBoard.Bucket> buckets, double p, boolean overhead) {
        ArrayNode points = JSON.createArrayNode();
        for (MetricsBoard.Bucket bucket : buckets.values()) {
            List<Double> values = new ArrayList<>(overhead ? bucket.overheads : bucket.latencies);
            if (values.isEmpty()) {
                points.addNull();
                continue;
            }
            Collections.sort(values);
            int rank = (int) Math.ceil(p * values.size()) - 1;
            points.add(values.get(Math.max(0, rank)));
        }
        return points;
    }
}
