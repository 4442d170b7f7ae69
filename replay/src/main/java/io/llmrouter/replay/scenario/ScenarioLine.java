package io.llmrouter.replay.scenario;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;

/**
 * One mapping of a scenario file (a fault, an autoscaler) and where it is, for reading its values with
 * messages that say which line of which file is wrong.
 */
final class ScenarioLine {

    private final JsonNode node;
    private final String file;
    private final String where;

    ScenarioLine(JsonNode node, String file, String where) {
        this.node = node;
        this.file = file;
        this.where = where;
    }

    boolean isMapping() {
        return node.isObject();
    }

    boolean has(String key) {
        return node.has(key);
    }

    void onlyKeys(Set<String> allowed) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw problem("unknown key '" + name + "'; allowed here: " + allowed.stream().sorted().toList());
            }
        }
    }

    String text(String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw problem("needs '" + key + "'");
        }
        return value.asText();
    }

    double number(String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw problem("needs '" + key + "' as a number");
        }
        return value.asDouble();
    }

    double number(String key, double fallback) {
        return node.has(key) ? number(key) : fallback;
    }

    int whole(String key, int fallback) {
        if (!node.has(key)) {
            return fallback;
        }
        JsonNode value = node.get(key);
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw problem("'" + key + "' must be a whole number");
        }
        return value.asInt();
    }

    /** Seconds after the trace's start. */
    double time(String key) {
        double t = number(key);
        if (t < 0) {
            throw problem("'" + key + "' must be >= 0 seconds after the trace's start, got " + t);
        }
        return t;
    }

    /** A window's {@code from} and {@code to}, the second after the first. */
    double[] window() {
        double from = time("from");
        double to = time("to");
        if (!(to > from)) {
            throw problem("'to' (" + to + ") must be after 'from' (" + from + ")");
        }
        return new double[] {from, to};
    }

    double price(String key) {
        double price = number(key);
        if (price < 0) {
            throw problem("'" + key + "' must be >= 0, got " + price);
        }
        return price;
    }

    ScenarioException problem(String message) {
        return problem(file, where, message);
    }

    static ScenarioException problem(String file, String where, String message) {
        return new ScenarioException("scenario " + file + (where.isEmpty() ? "" : ", " + where) + ": " + message);
    }
}
