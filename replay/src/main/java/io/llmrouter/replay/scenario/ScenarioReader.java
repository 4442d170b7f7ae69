package io.llmrouter.replay.scenario;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.llmrouter.replay.fleet.Fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
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
 * Times are seconds after the trace's start. Every key is checked: an unknown kind or key, a cluster or
 * provider the fleet lacks, a window that ends before it starts, a factor or price that is not a positive
 * number is a {@link ScenarioException} naming the line's place in the file.
 */
public final class ScenarioReader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> TOP_KEYS = Set.of("faults", "autoscaling");
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
        ScenarioReader reader = new ScenarioReader(fleet, file);
        if (root == null || root.isMissingNode() || root.isNull()) {
            return Scenario.NONE;
        }
        if (!root.isObject()) {
            throw reader.problem("", "must be a mapping with 'faults' and/or 'autoscaling'");
        }
        reader.onlyKeys(root, TOP_KEYS, "");
        List<Fault> faults = new ArrayList<>();
        int i = 0;
        for (JsonNode line : reader.list(root, "faults")) {
            faults.add(reader.fault(line, "faults[" + i++ + "]"));
        }
        List<Autoscaling> autoscaling = new ArrayList<>();
        Set<String> scaled = new HashSet<>();
        i = 0;
        for (JsonNode line : reader.list(root, "autoscaling")) {
            String where = "autoscaling[" + i++ + "]";
            Autoscaling rule = reader.autoscaling(line, where);
            if (!scaled.add(rule.cluster())) {
                throw reader.problem(where, "cluster " + rule.cluster() + " already has an autoscaler");
            }
            autoscaling.add(rule);
        }
        return new Scenario(faults, autoscaling);
    }

    private Fault fault(JsonNode line, String where) {
        if (!line.isObject()) {
            throw problem(where, "must be a mapping with a 'kind'");
        }
        String kind = text(line, "kind", where);
        return switch (kind) {
            case "cluster-down" -> {
                onlyKeys(line, Set.of("kind", "cluster", "from", "to"), where);
                double[] window = window(line, where);
                yield new Fault.ClusterDown(cluster(line, "cluster", where), window[0], window[1]);
            }
            case "rate-limit" -> {
                onlyKeys(line, Set.of("kind", "target", "from", "to"), where);
                double[] window = window(line, where);
                yield new Fault.RateLimit(provider(line, where), window[0], window[1]);
            }
            case "slowdown" -> {
                onlyKeys(line, Set.of("kind", "cluster", "from", "to", "factor"), where);
                double[] window = window(line, where);
                double factor = number(line, "factor", where);
                if (!(factor > 0)) {
                    throw problem(where, "factor must be a positive number, got " + factor);
                }
                yield new Fault.Slowdown(cluster(line, "cluster", where), window[0], window[1], factor);
            }
            case "price-change" -> priceChange(line, where);
            default -> throw problem(where, "unknown kind '" + kind
                    + "'; the kinds are cluster-down, rate-limit, slowdown, price-change");
        };
    }

    private Fault priceChange(JsonNode line, String where) {
        String target = text(line, "target", where);
        double at = time(line, "at", where);
        if (fleet.cluster(target).isPresent()) {
            onlyKeys(line, Set.of("kind", "target", "at", "costPerHour"), where);
            return new Fault.NodePriceChange(target, at, price(line, "costPerHour", where));
        }
        if (fleet.provider(target).isPresent()) {
            onlyKeys(line, Set.of("kind", "target", "at", "inputPer1M", "outputPer1M"), where);
            return new Fault.ProviderPriceChange(target, at, price(line, "inputPer1M", where),
                    price(line, "outputPer1M", where));
        }
        throw problem(where, "target '" + target + "' is neither a cluster nor an enabled provider of the fleet "
                + names());
    }

    private Autoscaling autoscaling(JsonNode line, String where) {
        if (!line.isObject()) {
            throw problem(where, "must be a mapping with a 'cluster'");
        }
        onlyKeys(line, AUTOSCALING_KEYS, where);
        String cluster = cluster(line, "cluster", where);
        int min = whole(line, "minReplicas", 1, where);
        int max = whole(line, "maxReplicas", 4, where);
        if (min < 1 || max < min) {
            throw problem(where, "needs 1 <= minReplicas <= maxReplicas, got " + min + " and " + max);
        }
        double depth = optional(line, "queueDepthPerReplica", 1, where);
        double every = optional(line, "evaluateEvery", 15, where);
        if (!(depth > 0) || !(every > 0)) {
            throw problem(where, "queueDepthPerReplica and evaluateEvery must be positive");
        }
        double stabilization = optional(line, "scaleDownStabilization", 300, where);
        double startup = optional(line, "startupSeconds", 60, where);
        if (stabilization < 0 || startup < 0) {
            throw problem(where, "scaleDownStabilization and startupSeconds must be >= 0");
        }
        return new Autoscaling(cluster, min, max, depth, every, stabilization, startup);
    }

    private double[] window(JsonNode line, String where) {
        double from = time(line, "from", where);
        double to = time(line, "to", where);
        if (!(to > from)) {
            throw problem(where, "'to' (" + to + ") must be after 'from' (" + from + ")");
        }
        return new double[] {from, to};
    }

    private String cluster(JsonNode line, String key, String where) {
        String name = text(line, key, where);
        if (fleet.cluster(name).isEmpty()) {
            throw problem(where, "unknown cluster '" + name + "'; the fleet's clusters are "
                    + fleet.clusters().stream().map(c -> c.name()).toList());
        }
        return name;
    }

    private String provider(JsonNode line, String where) {
        String name = text(line, "target", where);
        if (fleet.provider(name).isEmpty()) {
            throw problem(where, "unknown provider '" + name + "'; the fleet's enabled providers are "
                    + fleet.providers().stream().map(p -> p.name()).toList());
        }
        return name;
    }

    private String names() {
        List<String> names = new ArrayList<>();
        fleet.clusters().forEach(c -> names.add(c.name()));
        fleet.providers().forEach(p -> names.add(p.name()));
        return names.toString();
    }

    private List<JsonNode> list(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw problem(key, "must be a list");
        }
        List<JsonNode> items = new ArrayList<>();
        node.forEach(items::add);
        return items;
    }

    private void onlyKeys(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw problem(where, "unknown key '" + name + "'; allowed here: " + allowed.stream().sorted().toList());
            }
        }
    }

    private String text(JsonNode line, String key, String where) {
        JsonNode node = line.get(key);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw problem(where, "needs '" + key + "'");
        }
        return node.asText();
    }

    private double number(JsonNode line, String key, String where) {
        JsonNode node = line.get(key);
        if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw problem(where, "needs '" + key + "' as a number");
        }
        return node.asDouble();
    }

    private double optional(JsonNode line, String key, double fallback, String where) {
        return line.has(key) ? number(line, key, where) : fallback;
    }

    private int whole(JsonNode line, String key, int fallback, String where) {
        if (!line.has(key)) {
            return fallback;
        }
        JsonNode node = line.get(key);
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw problem(where, "'" + key + "' must be a whole number");
        }
        return node.asInt();
    }

    private double time(JsonNode line, String key, String where) {
        double t = number(line, key, where);
        if (t < 0) {
            throw problem(where, "'" + key + "' must be >= 0 seconds after the trace's start, got " + t);
        }
        return t;
    }

    private double price(JsonNode line, String key, String where) {
        double price = number(line, key, where);
        if (price < 0) {
            throw problem(where, "'" + key + "' must be >= 0, got " + price);
        }
        return price;
    }

    private ScenarioException problem(String where, String message) {
        return new ScenarioException("scenario " + file + (where.isEmpty() ? "" : ", " + where) + ": " + message);
    }
}
