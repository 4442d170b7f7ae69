package io.llmrouter.config;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Clusters and external providers share one namespace of target names: alias entries ({@code target/model}),
 * health records and routing decisions name a target by its name alone.
 */
final class TargetNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Map<String, String> pathByName = new HashMap<>();

    /** Reads a target's required name; '/' is refused since it separates target from model in aliases. */
    static String read(ConfigNode node) {
        return node.text().required()
                .check(name -> NAME.matcher(name).matches(),
                        "must be letters, digits, '.', '_' or '-', starting with a letter or digit")
                .get();
    }

    /** Whether a cluster or provider has this name. */
    boolean contains(String name) {
        return pathByName.containsKey(name);
    }

    /** Reports {@code node} when its value names no configured target (settings that refer to targets). */
    void checkNamed(ConfigNode node, String name) {
        if (name != null && !contains(name)) {
            node.report("names no configured cluster or provider");
        }
    }

    /** Records a target's name, reporting it when an earlier target already has it. */
    void claim(String name, ConfigNode nameNode) {
        if (name == null) {
            return;
        }
        String earlier = pathByName.putIfAbsent(name, nameNode.path());
        if (earlier != null) {
            nameNode.report("'" + name + "' is already the name of " + earlier.substring(0, earlier.lastIndexOf('.'))
                    + "; cluster and provider names must be unique");
        }
    }
}
