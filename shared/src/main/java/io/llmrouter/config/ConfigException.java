package io.llmrouter.config;

import java.util.List;

/**
 * The router configuration could not be read or is invalid. {@link #problems()} lists every problem found,
 * each as {@code field.path: reason}, so one failed deploy shows all that needs fixing.
 *
 * <p>Messages never contain secret values: secret fields are named, never quoted, and YAML syntax errors
 * give a line and column instead of the offending line.
 */
public final class ConfigException extends RuntimeException {

    private final String source;
    private final List<String> problems;

    private ConfigException(String source, String message, List<String> problems, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    static ConfigException invalid(String source, List<String> problems) {
        String message = "Invalid router configuration in " + source + " (" + problems.size()
                + (problems.size() == 1 ? " problem" : " problems") + "):\n  " + String.join("\n  ", problems);
        return new ConfigException(source, message, problems, null);
    }

    static ConfigException unreadable(String source, String reason, Throwable cause) {
        return new ConfigException(source, "Cannot read router configuration from " + source + ": " + reason,
                List.of(source + ": " + reason), cause);
    }

    /** Where the configuration came from: a file path, {@code ssm:<name>} or {@code YAML text}. */
    public String source() {
        return source;
    }

    /** Each problem as {@code field.path: reason}, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
