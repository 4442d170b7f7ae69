package io.llmrouter.routing;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ModelAlias;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The targets of a configuration, and which of them may serve a requested model name.
 *
 * <ul>
 *   <li>{@code auto}: every cluster and every enabled provider, each with its {@link Target#defaultModel()}
 *       (a provider with neither a default model nor a models list has no model to be asked for, and is left out).</li>
 *   <li>an alias from {@code modelAliases}: the targets it lists; {@code target/model} pins the upstream model,
 *       a bare {@code target} uses the target's default model.</li>
 *   <li>any other name is a concrete model: clusters that list it; clusters that list nothing and whose
 *       health record reports serving it; enabled providers that list it; enabled providers that list
 *       nothing and have a cost record for exactly that model.</li>
 * </ul>
 * An empty result means no target knows the name: the request is for an unknown model.
 *
 * <p>Disabled providers are never eligible, not even through an alias. Everything that does not depend
 * on the snapshot is worked out once here, so resolving {@code auto} or an alias allocates nothing.
 */
public final class TargetCatalog {

    private final List<Target> targets;
    private final Map<String, Target> byName;
    private final List<EligibleTarget> auto;
    private final Map<String, List<EligibleTarget>> aliases;
    /** Concrete model name -> targets whose config lists it. */
    private final Map<String, List<Target>> listing;
    /** Clusters without a models list: they serve what their health records report. */
    private final List<Target> reportingClusters;
    /** Enabled providers without a models list: they serve the models they have prices for. */
    private final List<Target> pricedProviders;

    public TargetCatalog(RouterConfig config) {
        List<Target> all = new ArrayList<>();
        for (ClusterConfig cluster : config.clusters()) {
            all.add(Target.of(cluster));
        }
        for (ProviderConfig provider : config.enabledProviders()) {
            all.add(Target.of(provider));
        }
        this.targets = List.copyOf(all);

        Map<String, Target> names = new LinkedHashMap<>();
        for (Target target : targets) {
            if (names.putIfAbsent(target.name(), target) != null) {
                throw new IllegalArgumentException("two targets are named '" + target.name()
                        + "': cluster and provider names must be unique");
            }
        }
        this.byName = Map.copyOf(names);

        List<EligibleTarget> autoTargets = new ArrayList<>();
        Map<String, List<Target>> listed = new HashMap<>();
        List<Target> reporting = new ArrayList<>();
        List<Target> priced = new ArrayList<>();
        for (Target target : targets) {
            boolean servesDefault = target.isCluster() || target.defaultModel() != null;
            if (servesDefault) {
                autoTargets.add(new EligibleTarget(target, target.defaultModel()));
            }
            for (String model : target.models()) {
                listed.computeIfAbsent(model, m -> new ArrayList<>()).add(target);
            }
            if (target.models().isEmpty()) {
                (target.isCluster() ? reporting : priced).add(target);
            }
        }
        this.auto = List.copyOf(autoTargets);
        Map<String, List<Target>> frozen = new HashMap<>();
        listed.forEach((model, list) -> frozen.put(model, List.copyOf(list)));
        this.listing = Map.copyOf(frozen);
        this.reportingClusters = List.copyOf(reporting);
        this.pricedProviders = List.copyOf(priced);
        this.aliases = resolveAliases(config);
    }

    public List<Target> targets() {
        return targets;
    }

    public Optional<Target> target(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The targets that may serve {@code requestedModel}, with the model to ask each for; empty for an unknown model. */
    public List<EligibleTarget> resolve(String requestedModel, RoutingSnapshot snapshot) {
        if (RouterConfig.AUTO_MODEL.equals(requestedModel)) {
            return auto;
        }
        List<EligibleTarget> alias = aliases.get(requestedModel);
        if (alias != null) {
            return alias;
        }
        List<EligibleTarget> eligible = new ArrayList<>();
        for (Target target : listing.getOrDefault(requestedModel, List.of())) {
            eligible.add(new EligibleTarget(target, requestedModel));
        }
        for (Target cluster : reportingClusters) {
            HealthRecord health = snapshot.health().get(cluster.name());
            if (health != null && health.servedModels().contains(requestedModel)) {
                eligible.add(new EligibleTarget(cluster, requestedModel));
            }
        }
        for (Target provider : pricedProviders) {
            if (snapshot.costs().containsKey(new RoutingSnapshot.CostKey(provider.name(), requestedModel))) {
                eligible.add(new EligibleTarget(provider, requestedModel));
            }
        }
        return eligible;
    }

    private Map<String, List<EligibleTarget>> resolveAliases(RouterConfig config) {
        Map<String, List<EligibleTarget>> resolved = new HashMap<>();
        for (Map.Entry<String, ModelAlias> entry : config.modelAliases().entrySet()) {
            List<EligibleTarget> eligible = new ArrayList<>();
            for (ModelAlias.AliasTarget aliasTarget : entry.getValue().targets()) {
                Target target = byName.get(aliasTarget.target());
                if (target == null) {
                    if (config.provider(aliasTarget.target()).isPresent()) {
                        continue; // a disabled provider: kept in config, never routed to
                    }
                    throw new IllegalArgumentException("model alias '" + entry.getKey() + "' names target '"
                            + aliasTarget.target() + "', which is neither a cluster nor a provider");
                }
                String model = aliasTarget.model() != null ? aliasTarget.model() : target.defaultModel();
                if (model == null && !target.isCluster()) {
                    throw new IllegalArgumentException("model alias '" + entry.getKey() + "' names provider '"
                            + target.name() + "' without a model, and the provider has no defaultModel");
                }
                eligible.add(new EligibleTarget(target, model));
            }
            resolved.put(entry.getKey(), List.copyOf(eligible));
        }
        return Map.copyOf(resolved);
    }
}
