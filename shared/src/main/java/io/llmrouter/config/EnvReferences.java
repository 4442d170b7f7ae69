package io.llmrouter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} and {@code ${NAME:-default}} in one YAML string value with values from the
 * environment; {@code $${} writes a literal {@code ${}. As in the shell, the default applies when the
 * variable is unset or empty.
 *
 * <p>Substitution works on values already parsed from YAML, so a substituted value is never read as YAML
 * itself: an environment variable cannot add keys or change the structure.
 */
final class EnvReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}");
    private static final Pattern BODY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?", Pattern.DOTALL);

    private EnvReferences() {
    }

    /**
     * @param value          the text with references replaced; meaningful only when the other two are empty
     * @param unsetVariables variables referenced without a default and missing from the environment
     * @param malformed      a {@code ${} that does not form {@code ${NAME}} or {@code ${NAME:-default}}
     */
    record Resolution(String value, List<String> unsetVariables, boolean malformed) {
    }

    static Resolution resolve(String text, Map<String, String> env) {
        if (text.indexOf('$') < 0) {
            return new Resolution(text, List.of(), false);
        }
        StringBuilder out = new StringBuilder();
        List<String> unset = new ArrayList<>();
        boolean malformed = false;
        int last = 0;
        Matcher reference = REFERENCE.matcher(text);
        while (reference.find()) {
            String between = text.substring(last, reference.start());
            out.append(between);
            last = reference.end();
            if (reference.group(1) == null) {
                out.append("${");
                continue;
            }
            Matcher body = BODY.matcher(reference.group(1));
            if (!body.matches()) {
                malformed = true;
                continue;
            }
            String name = body.group(1);
            String defaultValue = body.group(2);
            String value = env.get(name);
            if ((value == null || value.isEmpty()) && defaultValue != null) {
                value = defaultValue;
            }
            if (value == null) {
                unset.add(name);
            } else {
                out.append(value);
            }
        }
        String tail = text.substring(last);
        out.append(tail);
        // A "${" left outside every match has no closing brace.
        malformed |= tail.contains("${");
        return new Resolution(out.toString(), List.copyOf(unset), malformed);
    }
}
