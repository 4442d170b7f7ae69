package io.llmrouter.replay.scenario;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.fleet.ProviderSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a scenario file (YAML, or JSON, which is YAML too), checking it against the fleet it will run on:
 * <pre>
 * faults:
 *   - {kind: cluster-down, cluster: aws-us-west-2, from: 600, to: 900}
 *   - {kind: rate-limit, target: openai, from: 1800, to: 1900}
 *   - {kind: slowdown, cluster: azure-eastus, from: 2400, to: 3000, factor: 4}
 *   - {kind: price-change, target: openai, at: 1200, inputPer1M: 1.25, outputPer1M: 5.0}
 *   - {kind: price-change, target: gcp-us-central1, at: 1200, costPerHour: 0.40}
 * autoscaling:
 *   - {cluster: aws-us-west-2, minReplicas: 1, maxReplicas: 4, queueDepthPerReplica: 1, evaluateEvery: 15,
 *      scaleDownStabilization: 300, startupSeconds: 60}
 * </pre>
 * Times are seconds after the trace's start. An autoscaler's keys other than {@code cluster} default to the
 * llm-server chart's values shown. Every key is checked: an unknown kind or key, a cluster or provider the
 * fleet lacks, a window that ends before it starts, a factor that is not positive or a negative price is a
 * {@link ScenarioException} naming the line's place in the file.
 */
public final class ScenarioReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> AUTOSCALING_KEYS = Set.of("cluster", "minReplicas", "maxReplicas",
            "queueDepthPerReplica", "evaluateEvery", "scaleDownStabilization", "startupSeconds");

    private final Fleet fleet;
    private final String file;

    private ScenarioReader(Fleet fleet, String file) {
        this.fleet = fleet;
        this.file = file;
    }

    public static Scenario read(Path path, Fleet fleet) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new ScenarioException("cannot read scenario " + path + ": " + e.getMessage());
        }
        return parse(text, path.getFileName().toString(), fleet);
    }

    /** @param file the file's name, for messages */
    public static Scenario parse(String text, String file, Fleet fleet) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JacksonException e) {
            throw new ScenarioException("scenario " + file + " is not valid YAML: " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Scenario.NONE;
        }
        ScenarioLine top = new ScenarioLine(root, file, "");
        if (!top.isMapping()) {
            throw top.problem("must be a mapping with 'faults' and/or 'autoscaling'");
        }
        top.onlyKeys(Set.of("faults", "autoscaling"));
        return new ScenarioReader(fleet, file).scenario(root);
    }

    private Scenario scenario(JsonNode root) {
        List<Fault> faults = new ArrayList<>();
        for (ScenarioLine line : lines(root, "faults")) {
            faults.add(fault(line));
        }
        List<Autoscaling> autoscaling = new ArrayList<>();
        Set<String> scaled = new HashSet<>();
        for (ScenarioLine line : lines(root, "autoscaling")) {
            Autoscaling rule = autoscaling(line);
            if (!scaled.add(rule.cluster())) {
                throw line.problem("cluster " + rule.cluster() + " already has an autoscaler");
            }
            autoscaling.add(rule);
        }
        return new Scenario(file, faults, autoscaling);
    }

    private Fault fault(ScenarioLine line) {
        if (!line.isMapping()) {
            throw line.problem("must be a mapping with a 'kind'");
        }
        String kind = line.text("kind");
        return switch (kind) {
            case "cluster-down" -> {
                line.onlyKeys(Set.of("kind", "cluster", "from", "to"));
                double[] window = line.window();
                yield new Fault.ClusterDown(cluster(line), window[0], window[1]);
            }
            case "rate-limit" -> {
                line.onlyKeys(Set.of("kind", "target", "from", "to"));
                double[] window = line.window();
                yield new Fault.RateLimit(provider(line), window[0], window[1]);
            }
            case "slowdown" -> {
                line.onlyKeys(Set.of("kind", "cluster", "from", "to", "factor"));
                double[] window = line.window();
                double factor = line.number("factor");
                if (!(factor > 0)) {
                    throw line.problem("factor must be a positive number, got " + factor);
                }
                yield new Fault.Slowdown(cluster(line), window[0], window[1], factor);
            }
            case "price-change" -> priceChange(line);
            default -> throw line.problem("unknown kind '" + kind
                    + "'; the kinds are cluster-down, rate-limit, slowdown, price-change");
        };
    }

    private Fault priceChange(ScenarioLine line) {
        String target = line.text("target");
        double at = line.time("at");
        if (fleet.cluster(target).isPresent()) {
            line.onlyKeys(Set.of("kind", "target", "at", "costPerHour"));
            return new Fault.NodePriceChange(target, at, line.price("costPerHour"));
        }
        if (fleet.provider(target).isPresent()) {
            line.onlyKeys(Set.of("kind", "target", "at", "inputPer1M", "outputPer1M"));
            return new Fault.ProviderPriceChange(target, at, line.price("inputPer1M"), line.price("outputPer1M"));
        }
        List<String> names = new ArrayList<>(clusterNames());
        names.addAll(providerNames());
        throw line.problem("target '" + target + "' is neither a cluster nor an enabled provider of the fleet " + names);
    }

    private Autoscaling autoscaling(ScenarioLine line) {
        if (!line.isMapping()) {
            throw line.problem("must be a mapping with a 'cluster'");
        }
        line.onlyKeys(AUTOSCALING_KEYS);
        String cluster = cluster(line);
        int min = line.whole("minReplicas", 1);
        int max = line.whole("maxReplicas", 4);
        if (min < 1 || max < min) {
            throw line.problem("needs 1 <= minReplicas <= maxReplicas, got " + min + " and " + max);
        }
        double depth = line.number("queueDepthPerReplica", 1);
        double every = line.number("evaluateEvery", 15);
        if (!(depth > 0) || !(every > 0)) {
            throw line.problem("queueDepthPerReplica and evaluateEvery must be positive");
        }
        double stabilization = line.number("scaleDownStabilization", 300);
        double startup = line.number("startupSeconds", 60);
        if (stabilization < 0 || startup < 0) {
            throw line.problem("scaleDownStabilization and startupSeconds must be >= 0");
        }
        return new Autoscaling(cluster, min, max, depth, every, stabilization, startup);
    }

    private String cluster(ScenarioLine line) {
        String name = line.text("cluster");
        if (fleet.cluster(name).isEmpty()) {
            throw line.problem("unknown cluster '" + name + "'; the fleet's clusters are " + clusterNames());
        }
        return name;
    }

    private String provider(ScenarioLine line) {
        String name = line.text("target");
        if (fleet.provider(name).isEmpty()) {
            throw line.problem("unknown provider '" + name + "'; the fleet's enabled providers are " + providerNames());
        }
        return name;
    }

    private List<String> clusterNames() {
        return fleet.clusters().stream().map(ClusterSpec::name).toList();
    }

    private List<String> providerNames() {
        return fleet.providers().stream().map(ProviderSpec::name).toList();
    }

    /** The mappings of the list under {@code key}, each with its place ({@code faults[2]}). */
    private List<ScenarioLine> lines(JsonNode root, String key) {
        JsonNode list = root.get(key);
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw ScenarioLine.problem(file, key, "must be a list");
        }
        List<ScenarioLine> lines = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            lines.add(new ScenarioLine(list.get(i), file, key + "[" + i + "]"));
        }
        return lines;
    }
}
