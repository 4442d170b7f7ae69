package io.llmrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of the parsed YAML tree together with its path ({@code clusters[1].costPerHour}), the environment
 * for {@code ${VAR}} references and the problems found so far. Readers ask it for typed {@link Field}s; every
 * problem is recorded under the node's path and reading goes on, so that one pass finds them all.
 *
 * <p>A key that is absent, null ({@code key:}) or empty after substitution counts as not set.
 */
final class ConfigNode {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigNode.class);

    private final JsonNode node;
    private final String path;
    private final Map<String, String> env;
    private final Problems problems;
    private final SecretResolver secrets;

    private ConfigNode(JsonNode node, String path, Map<String, String> env, Problems problems, SecretResolver secrets) {
        this.node = node;
        this.path = path;
        this.env = env;
        this.secrets = secrets;
        this.problems = problems;
    }

    static ConfigNode root(JsonNode node, Map<String, String> env, Problems problems, SecretResolver secrets) {
        return new ConfigNode(node, "", env, problems, secrets);
    }

    String path() {
        return path.isEmpty() ? "(document)" : path;
    }

    boolean isPresent() {
        return !node.isMissingNode() && !node.isNull();
    }

    boolean isList() {
        return node.isArray();
    }

    void report(String reason) {
        problems.add(path(), reason);
    }

    ConfigNode get(String key) {
        JsonNode child = node.isObject() ? node.path(key) : MissingNode.getInstance();
        return new ConfigNode(child, path.isEmpty() ? key : path + "." + key, env, problems, secrets);
    }

    /**
     * The child under {@code key}, or under {@code goKey} (the Go router's name for the same setting) when only
     * that one is set. Setting both is reported.
     */
    ConfigNode either(String key, String goKey) {
        ConfigNode preferred = get(key);
        ConfigNode alternative = get(goKey);
        if (preferred.isPresent() && alternative.isPresent()) {
            alternative.report("is another name for " + key + "; set only one of them");
        }
        return alternative.isPresent() && !preferred.isPresent() ? alternative : preferred;
    }

    /**
     * Checks that this node is a mapping whose keys are all in {@code keys}. Keys in {@code goOnlyKeys} are
     * settings of the Go router that this router has no use for: they are skipped (not even their
     * {@code ${VAR}}s are resolved) so that a Go config loads unchanged. Any other key is reported, which
     * catches misspellings that would otherwise silently leave a default in place.
     *
     * @return whether this node is a mapping; false (and nothing reported) when it is not set at all
     */
    boolean checkMapping(List<String> keys, List<String> goOnlyKeys) {
        if (!isMapping()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String key = entry.getKey();
            if (goOnlyKeys.contains(key)) {
                // A warning: the setting looks meaningful, and whoever wrote it expects an effect it will not have.
                LOG.warn("Ignoring {}: a Go router setting that llm-router does not use", get(key).path());
            } else if (!keys.contains(key)) {
                get(key).report("unknown key; expected one of " + String.join(", ", keys));
            }
        }
        return true;
    }

    /** Whether this node is a mapping; a value that is set but is not one is reported. */
    private boolean isMapping() {
        if (isPresent() && !node.isObject()) {
            report("must be a mapping of keys to values");
        }
        return node.isObject();
    }

    /** The elements of a list; empty when not set. Empty elements ({@code - }) are reported and left out. */
    List<ConfigNode> elements() {
        if (!isPresent()) {
            return List.of();
        }
        if (!node.isArray()) {
            report("must be a list");
            return List.of();
        }
        List<ConfigNode> elements = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            ConfigNode element = new ConfigNode(node.get(i), path + "[" + i + "]", env, problems, secrets);
            if (element.isPresent()) {
                elements.add(element);
            } else {
                element.report("is empty");
            }
        }
        return elements;
    }

    /** The entries of a mapping, in file order; empty when not set. */
    Map<String, ConfigNode> entries() {
        if (!isMapping()) {
            return Map.of();
        }
        Map<String, ConfigNode> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            entries.put(entry.getKey(), get(entry.getKey()));
        }
        return entries;
    }

    /** A list of non-empty strings; empty when not set. */
    List<String> texts() {
        List<String> texts = new ArrayList<>();
        for (ConfigNode element : elements()) {
            String text = element.text().required("must not be empty").get();
            if (text != null) {
                texts.add(text);
            }
        }
        return texts;
    }

    Field<String> text() {
        return scalar(Function.identity(), true, true);
    }

    /** A credential: its value never appears in a message. */
    Field<String> secret() {
        return scalar(this::parseSecret, false, true);
    }

    /** A credential that counts as not set when its {@code ${VAR}} is unset (for a disabled provider). */
    Field<String> secretIgnoringUnsetEnv() {
        return scalar(this::parseSecret, false, false);
    }

    Field<Boolean> bool() {
        return scalar(ConfigNode::parseBoolean, true, true);
    }

    Field<Double> number() {
        return scalar(ConfigNode::parseNumber, true, true);
    }

    Field<Integer> integer() {
        return scalar(value -> parseWholeNumber(value, BigDecimal::intValueExact), true, true);
    }

    Field<Long> longInteger() {
        return scalar(value -> parseWholeNumber(value, BigDecimal::longValueExact), true, true);
    }

    Field<Duration> duration() {
        return scalar(Durations::parse, true, true);
    }

    /** One of the names in {@code byName}, matched ignoring case. */
    <E> Field<E> choice(Map<String, E> byName) {
        TreeMap<String, E> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        names.putAll(byName);
        return scalar(value -> {
            E choice = names.get(value);
            if (choice == null) {
                throw new IllegalArgumentException("must be one of " + String.join(", ", names.keySet()));
            }
            return choice;
        }, true, true);
    }

    /** An absolute http or https URI. Not quoted in messages: a URI may carry credentials. */
    Field<URI> httpUri() {
        return scalar(ConfigNode::parseHttpUri, false, true);
    }

    private <T> Field<T> scalar(Function<String, T> parser, boolean showValue, boolean reportUnsetEnv) {
        if (!isPresent()) {
            return Field.absent(path(), problems);
        }
        if (!node.isValueNode()) {
            report("must be a single value, not a " + (node.isArray() ? "list" : "mapping"));
            return Field.invalid(path(), problems);
        }
        String written = node.asText();
        EnvReferences.Resolution resolution = EnvReferences.resolve(written, env);
        if (resolution.malformed()) {
            report("malformed ${...} reference: write ${NAME} or ${NAME:-default}, or $${ for a literal ${");
            return Field.invalid(path(), problems);
        }
        if (!resolution.unsetVariables().isEmpty()) {
            if (!reportUnsetEnv) {
                return Field.absent(path(), problems);
            }
            report("environment variable " + String.join(", ", resolution.unsetVariables()) + " is not set");
            return Field.invalid(path(), problems);
        }
        String value = resolution.value();
        if (value.isBlank()) {
            return Field.absent(path(), problems);
        }
        String shown = !showValue ? null : written.equals(value) ? value : value + " (from " + written + ")";
        try {
            return Field.of(path(), parser.apply(value), shown, problems);
        } catch (IllegalArgumentException e) {
            report(shown == null ? e.getMessage() : e.getMessage() + ", got " + shown);
            return Field.invalid(path(), problems);
        }
    }

    /** A credential as written, or the secret its {@code ssm:} / {@code secretsmanager:} reference names. */
    private String parseSecret(String value) {
        return SecretResolver.isReference(value) ? secrets.resolve(value) : value;
    }

    private static Boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("must be true or false");
    }

    // BigDecimal's grammar is plain decimal notation: no NaN, Infinity, hex or type suffixes as Double has.
    private static Double parseNumber(String value) {
        try {
            double number = new BigDecimal(value.strip()).doubleValue();
            if (Double.isFinite(number)) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("must be a number");
    }

    private static <T> T parseWholeNumber(String value, Function<BigDecimal, T> exactConversion) {
        BigDecimal number;
        try {
            number = new BigDecimal(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
        if (number.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("must be a whole number");
        }
        try {
            return exactConversion.apply(number);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("is too large");
        }
    }

    static URI parseHttpUri(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URI (" + e.getReason() + ")");
        }
        if (!uri.isAbsolute() || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            throw new IllegalArgumentException("must be an absolute http:// or https:// URI");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("must name a host");
        }
        if (uri.getUserInfo() != null) {
            throw new IllegalArgumentException("must not embed credentials (user:password@); use the auth settings");
        }
        return uri;
    }
}
