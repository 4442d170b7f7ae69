package io.llmrouter.replay.fleet;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.cost.ModelMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated targets of a router config: every cluster and every enabled provider.
 *
 * <p>A cluster's decode tokens/s per slot is its {@code tokensPerSecond} in the config, else its model's
 * {@code expectedTokensPerSecond} for its instance type in {@code models/} (the figures cost-refresh falls
 * back on); prefill is {@link Shape#prefillSpeedup} times faster. Its node $/h must be configured
 * ({@code costPerHour}): a replay looks nothing up in a cloud's price list.
 */
public record Fleet(List<ClusterSpec> clusters, List<ProviderSpec> providers) {

    /**
     * What a router config does not say about the fleet, the same for every cluster and provider.
     *
     * @param replicas               servers per cluster
     * @param slotsPerReplica        slots per server
     * @param prefillSpeedup         prefill tokens/s over decode tokens/s (llama.cpp on CPU: several times)
     * @param providerTtftSeconds    a provider's time to first token
     * @param providerTokensPerSecond a provider's streaming speed
     */
    public record Shape(int replicas, int slotsPerReplica, double prefillSpeedup, double providerTtftSeconds,
                        double providerTokensPerSecond) {

        /** One server of two slots a cluster (as ./run-local runs them); providers at 0.5 s and 60 tokens/s. */
        public static Shape defaults() {
            return new Shape(1, 2, 8.0, 0.5, 60.0);
        }
    }

    public Fleet {
        clusters = List.copyOf(clusters);
        providers = List.copyOf(providers);
    }

    public static Fleet of(RouterConfig config, ModelCatalog catalog, Shape shape) {
        List<ClusterSpec> clusters = new ArrayList<>();
        for (ClusterConfig cluster : config.clusters()) {
            if (cluster.costPerHour() == null) {
                throw new IllegalArgumentException("cluster " + cluster.name()
                        + " has no costPerHour: a replay needs each cluster's node $/h in the config");
            }
            double decode = decodeTokensPerSecond(cluster, catalog).orElseThrow(() -> new IllegalArgumentException(
                    "cluster " + cluster.name() + " has no tokensPerSecond in the config and models/ has no "
                            + "expectedTokensPerSecond for its models " + cluster.models() + " on instance type "
                            + cluster.instanceType()));
            Integer window = cluster.contextWindow() != null ? cluster.contextWindow()
                    : cluster.models().stream().map(catalog::model).flatMap(Optional::stream)
                            .map(ModelMetadata::contextWindow).filter(w -> w != null).findFirst().orElse(null);
            clusters.add(new ClusterSpec(cluster.name(), cluster.models(), shape.replicas(), shape.slotsPerReplica(),
                    decode * shape.prefillSpeedup(), decode, cluster.costPerHour(), window));
        }
        List<ProviderSpec> providers = new ArrayList<>();
        for (ProviderConfig provider : config.enabledProviders()) {
            if (provider.defaultModel() == null) {
                throw new IllegalArgumentException("provider " + provider.name()
                        + " has no defaultModel: a replay sends its requests for 'auto' there");
            }
            providers.add(new ProviderSpec(provider.name(), provider.defaultModel(), shape.providerTtftSeconds(),
                    shape.providerTokensPerSecond()));
        }
        return new Fleet(clusters, providers);
    }

    private static Optional<Double> decodeTokensPerSecond(ClusterConfig cluster, ModelCatalog catalog) {
        if (cluster.tokensPerSecond() != null && cluster.tokensPerSecond() > 0) {
            return Optional.of(cluster.tokensPerSecond());
        }
        return catalog.expectedTokensPerSecond(cluster.models(), cluster.instanceType());
    }

    public Optional<ClusterSpec> cluster(String name) {
        return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<ProviderSpec> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
