package io.llmrouter.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a whole configuration tree into a {@link RouterConfig}, recording every problem in the
 * {@link ConfigNode}'s problem list. The result is meaningful only when no problem was recorded.
 *
 * <p>Unknown keys: the Go router's sections this router has no use for ({@code demo}, {@code metrics},
 * {@code logging}, {@code costOptimization}) and its extra keys inside known sections are skipped, so a Go
 * config loads unchanged; every other unknown key is an error naming its path, so that a misspelling such as
 * {@code routingStrategey} cannot silently leave a default in place.
 */
final class RouterConfigReader {

    private static final List<String> SECTIONS = List.of("server", "router", "clusters", "externalProviders",
            "priceFeeds", "nodePrices", "modelAliases", "store", "auth", "limits", "cache");
    private static final List<String> GO_ONLY_SECTIONS = List.of("demo", "metrics", "logging", "costOptimization");

    private RouterConfigReader() {
    }

    static RouterConfig read(ConfigNode root) {
        if (!root.isPresent()) {
            root.report("the configuration is empty");
            return null;
        }
        if (!root.checkMapping(SECTIONS, GO_ONLY_SECTIONS)) {
            return null;
        }
        // Read in the usual file order, so that problems are listed in that order.
        ServerSettings server = SettingsReader.server(root.get("server"));
        RouterSettings router = SettingsReader.router(root.get("router"));
        TargetNames names = new TargetNames();
        List<ClusterConfig> clusters = targets(root.get("clusters"), ClusterReader::read, ClusterConfig::name, names);
        List<ProviderConfig> providers =
                targets(root.get("externalProviders"), ProviderReader::read, ProviderConfig::name, names);
        if (clusters.isEmpty() && providers.stream().noneMatch(ProviderConfig::enabled)) {
            root.get("clusters").report("nothing to route to: configure a cluster or enable an external provider");
        }
        checkTierTargets(root.get("router").get("complexity"), names);
        if (router != null && router.savingsBaseline() != null) {
            names.checkNamed(root.get("router").get("savingsBaseline"), router.savingsBaseline().target());
        }
        List<PriceFeedConfig> priceFeeds = SettingsReader.priceFeeds(root.get("priceFeeds"));
        NodePriceSettings nodePrices = NodePriceReader.read(root.get("nodePrices"), clusters);
        var aliases = ModelAliasReader.read(root.get("modelAliases"), clusters, providers);
        StoreSettings store = SettingsReader.store(root.get("store"));
        store = withPublishedSnapshotAge(root.get("store").get("publishedSnapshot").get("maxAge"), store, router);
        List<ClientKey> clientKeys = AuthReader.clientKeys(root.get("auth"));
        return new RouterConfig(server, router, clusters, providers, priceFeeds, aliases, store, clientKeys,
                nodePrices, AuthReader.keyCacheTtl(root.get("auth")), LimitsReader.read(root.get("limits"), names),
                CacheReader.read(root.get("cache")));
    }

    /**
     * The health poller republishes the snapshot once a round, so a copy may be a round old: a {@code maxAge} shorter
     * than two rounds would have readers distrust the copies between rounds and read the records after all. Unset, it
     * is the longer of its default and two rounds; set shorter, it is a problem.
     */
    private static StoreSettings withPublishedSnapshotAge(ConfigNode maxAge, StoreSettings store, RouterSettings router) {
        if (store == null || router == null || !store.publishing().enabled()) {
            return store;
        }
        Duration twoRounds = router.healthCheckInterval().multipliedBy(2);
        SnapshotPublishing publishing = store.publishing();
        if (!maxAge.isPresent()) {
            return publishing.maxAge().compareTo(twoRounds) >= 0 ? store
                    : store.withPublishing(new SnapshotPublishing(publishing.shards(), twoRounds));
        }
        if (publishing.maxAge().compareTo(twoRounds) < 0) {
            maxAge.report("must be at least two router.healthCheckInterval (" + twoRounds.toSeconds() + " s): the health "
                    + "poller republishes the snapshot once a round; got " + publishing.maxAge().toSeconds() + " s");
        }
        return store;
    }

    /** {@code router.complexity.economy} and {@code .premium} must name configured targets. */
    private static void checkTierTargets(ConfigNode complexity, TargetNames names) {
        for (String tier : List.of("economy", "premium")) {
            for (ConfigNode element : complexity.get(tier).elements()) {
                names.checkNamed(element, element.text().get());
            }
        }
    }

    private static <T> List<T> targets(ConfigNode list, Function<ConfigNode, T> reader, Function<T, String> name,
                                       TargetNames names) {
        List<T> targets = new ArrayList<>();
        for (ConfigNode element : list.elements()) {
            T target = reader.apply(element);
            if (target != null) {
                targets.add(target);
                names.claim(name.apply(target), element.get("name"));
            }
        }
        return targets;
    }
}
