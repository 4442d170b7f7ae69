package io.llmrouter.config;

import io.llmrouter.config.ModelAlias.AliasTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code modelAliases} and adds {@code auto}.
 *
 * <p>Rules: {@code auto} is reserved and always means every cluster and every enabled provider, each with its
 * default model; defining it is reported rather than ignored, so nobody believes they narrowed it. Every
 * entry names a known target, and a {@code target/model} entry names a model the target lists (when it lists
 * any). An alias may share its name with a real model (the alias wins, which lets {@code llama-3-8b} map to
 * differently named builds), but only if it includes every target naming that model: otherwise requests for
 * the model would silently stop reaching a target that serves it.
 */
final class ModelAliasReader {

    /** What aliases need to know of a cluster or provider; an empty {@code models} list means any model. */
    private record KnownTarget(List<String> models, String defaultModel) {

        boolean serves(String model) {
            return models.isEmpty() || models.contains(model);
        }

        boolean names(String model) {
            return models.contains(model) || model.equals(defaultModel);
        }
    }

    private ModelAliasReader() {
    }

    static Map<String, ModelAlias> read(ConfigNode node, List<ClusterConfig> clusters, List<ProviderConfig> providers) {
        Map<String, KnownTarget> targets = new LinkedHashMap<>();
        for (ClusterConfig cluster : clusters) {
            if (cluster.name() != null) {
                targets.put(cluster.name(), new KnownTarget(cluster.models(), null));
            }
        }
        for (ProviderConfig provider : providers) {
            if (provider.name() != null) {
                targets.put(provider.name(), new KnownTarget(provider.models(), provider.defaultModel()));
            }
        }
        Map<String, ModelAlias> aliases = new HashMap<>();
        node.entries().forEach((name, list) -> {
            ModelAlias alias = alias(name, list, targets);
            if (alias != null) {
                aliases.put(name, alias);
            }
        });
        aliases.put(RouterConfig.AUTO_MODEL, auto(clusters, providers));
        return aliases;
    }

    private static ModelAlias alias(String name, ConfigNode list, Map<String, KnownTarget> known) {
        if (name.equals(RouterConfig.AUTO_MODEL)) {
            list.report("is reserved: auto always means every cluster and enabled provider; choose another name");
            return null;
        }
        if (name.isBlank()) {
            list.report("an alias needs a name");
            return null;
        }
        List<ConfigNode> elements = list.elements();
        if (!list.isPresent() || (list.isList() && elements.isEmpty())) {
            list.report("must list at least one target (a target or target/model)");
        }
        List<AliasTarget> targets = new ArrayList<>();
        for (ConfigNode element : elements) {
            String entry = element.text().required().get();
            AliasTarget target = entry == null ? null : target(element, entry, known);
            if (target != null) {
                targets.add(target);
            }
        }
        known.forEach((target, knownTarget) -> {
            if (knownTarget.names(name) && targets.stream().noneMatch(t -> t.target().equals(target))) {
                list.report("is also a model of " + target + ", which this alias leaves out, so requests for " + name
                        + " could never reach " + target + "; add " + target + " to the alias or rename it");
            }
        });
        return new ModelAlias(name, targets);
    }

    /** An entry is {@code target} or {@code target/model}; model names may contain '/' themselves. */
    private static AliasTarget target(ConfigNode element, String entry, Map<String, KnownTarget> known) {
        int slash = entry.indexOf('/');
        String target = slash < 0 ? entry : entry.substring(0, slash);
        String model = slash < 0 ? null : entry.substring(slash + 1);
        KnownTarget knownTarget = known.get(target);
        if (knownTarget == null) {
            element.report("unknown target " + target + "; the targets are " + String.join(", ", known.keySet()));
            return null;
        }
        if (model != null && model.isBlank()) {
            element.report("names no model after '/': write " + target + " or " + target + "/<model>");
            return null;
        }
        if (model != null && !knownTarget.serves(model)) {
            element.report(target + " does not list model " + model + "; its models are " + knownTarget.models());
            return null;
        }
        return new AliasTarget(target, model);
    }

    private static ModelAlias auto(List<ClusterConfig> clusters, List<ProviderConfig> providers) {
        List<AliasTarget> targets = new ArrayList<>();
        clusters.forEach(cluster -> targets.add(new AliasTarget(cluster.name(), null)));
        providers.stream().filter(ProviderConfig::enabled)
                .forEach(provider -> targets.add(new AliasTarget(provider.name(), null)));
        return new ModelAlias(RouterConfig.AUTO_MODEL, targets);
    }
}
