package io.llmrouter.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The whole router configuration, as read from YAML (see {@link ConfigLoader}).
 *
 * <p>The YAML keeps the shape users of the original Go router know ({@code server}, {@code router},
 * {@code clusters}, {@code externalProviders}) and adds {@code priceFeeds}, {@code modelAliases},
 * {@code store}, {@code auth}, {@code nodePrices}, {@code limits} and {@code cache}. Every list and map is non-null and unmodifiable once loaded.
 */
public record RouterConfig(
        ServerSettings server,
        RouterSettings router,
        List<ClusterConfig> clusters,
        List<ProviderConfig> externalProviders,
        List<PriceFeedConfig> priceFeeds,
        Map<String, ModelAlias> modelAliases,
        StoreSettings store,
        List<ClientKey> clientKeys,
        NodePriceSettings nodePrices,
        Duration keyCacheTtl,
        LimitSettings limits,
        CacheSettings cache) {

    /** How long an instance trusts what it read about a stored API key ({@code auth.keyCacheTtl}). */
    public static final Duration DEFAULT_KEY_CACHE_TTL = Duration.ofSeconds(30);

    public RouterConfig {
        clientKeys = List.copyOf(clientKeys);
        clusters = List.copyOf(clusters);
        externalProviders = List.copyOf(externalProviders);
        priceFeeds = List.copyOf(priceFeeds);
        modelAliases = Map.copyOf(modelAliases);
        keyCacheTtl = keyCacheTtl == null ? DEFAULT_KEY_CACHE_TTL : keyCacheTtl;
        limits = limits == null ? LimitSettings.NONE : limits;
        cache = cache == null ? CacheSettings.DEFAULTS : cache;
    }

    /** A configuration without a {@code cache} section: the cache's defaults. */
    public RouterConfig(ServerSettings server, RouterSettings router, List<ClusterConfig> clusters,
                        List<ProviderConfig> externalProviders, List<PriceFeedConfig> priceFeeds,
                        Map<String, ModelAlias> modelAliases, StoreSettings store, List<ClientKey> clientKeys,
                        NodePriceSettings nodePrices, Duration keyCacheTtl, LimitSettings limits) {
        this(server, router, clusters, externalProviders, priceFeeds, modelAliases, store, clientKeys, nodePrices,
                keyCacheTtl, limits, CacheSettings.DEFAULTS);
    }

    /** A configuration without a {@code limits} section. */
    public RouterConfig(ServerSettings server, RouterSettings router, List<ClusterConfig> clusters,
                        List<ProviderConfig> externalProviders, List<PriceFeedConfig> priceFeeds,
                        Map<String, ModelAlias> modelAliases, StoreSettings store, List<ClientKey> clientKeys,
                        NodePriceSettings nodePrices, Duration keyCacheTtl) {
        this(server, router, clusters, externalProviders, priceFeeds, modelAliases, store, clientKeys, nodePrices,
                keyCacheTtl, LimitSettings.NONE);
    }

    /** A configuration with the default key cache TTL. */
    public RouterConfig(ServerSettings server, RouterSettings router, List<ClusterConfig> clusters,
                        List<ProviderConfig> externalProviders, List<PriceFeedConfig> priceFeeds,
                        Map<String, ModelAlias> modelAliases, StoreSettings store, List<ClientKey> clientKeys,
                        NodePriceSettings nodePrices) {
        this(server, router, clusters, externalProviders, priceFeeds, modelAliases, store, clientKeys, nodePrices,
                DEFAULT_KEY_CACHE_TTL);
    }

    /** The names of every configured cluster and provider, the targets an API key may be limited to. */
    public Set<String> targetNames() {
        Set<String> names = new TreeSet<>();
        clusters.forEach(c -> names.add(c.name()));
        externalProviders.forEach(p -> names.add(p.name()));
        return names;
    }

    /** A configuration without client keys (the router's API is open) and with the default node price settings. */
    public RouterConfig(ServerSettings server, RouterSettings router, List<ClusterConfig> clusters,
                        List<ProviderConfig> externalProviders, List<PriceFeedConfig> priceFeeds,
                        Map<String, ModelAlias> modelAliases, StoreSettings store) {
        this(server, router, clusters, externalProviders, priceFeeds, modelAliases, store, List.of(),
                NodePriceSettings.defaults());
    }

    /** The model name that means "any target": every enabled cluster and provider may serve it. */
    public static final String AUTO_MODEL = "auto";

    public Optional<ClusterConfig> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<ProviderConfig> provider(String name) {
        return externalProviders.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Providers with {@code enabled: true}; disabled ones are kept in config but never routed to. */
    public List<ProviderConfig> enabledProviders() {
        return externalProviders.stream().filter(ProviderConfig::enabled).toList();
    }
}
