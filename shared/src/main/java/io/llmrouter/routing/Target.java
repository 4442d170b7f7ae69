package io.llmrouter.routing;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ProviderConfig;

import java.util.List;
import java.util.Objects;

/**
 * Somewhere a request can be sent: a self-hosted cluster or an external provider, with the config it
 * came from. Exactly one of {@code cluster} and {@code provider} is set, matching {@code kind}.
 */
public record Target(String name, Kind kind, ClusterConfig cluster, ProviderConfig provider) {

    public enum Kind { CLUSTER, PROVIDER }

    public Target {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        boolean matches = kind == Kind.CLUSTER
                ? cluster != null && provider == null && name.equals(cluster.name())
                : provider != null && cluster == null && name.equals(provider.name());
        if (!matches) {
            throw new IllegalArgumentException("target '" + name + "' of kind " + kind
                    + " needs exactly the matching config, under the same name");
        }
    }

    public static Target of(ClusterConfig cluster) {
        return new Target(cluster.name(), Kind.CLUSTER, cluster, null);
    }

    public static Target of(ProviderConfig provider) {
        return new Target(provider.name(), Kind.PROVIDER, null, provider);
    }

    public boolean isCluster() {
        return kind == Kind.CLUSTER;
    }

    /** The model names the config lists for this target; empty means "whatever it reports or has a price for". */
    public List<String> models() {
        return isCluster() ? cluster.models() : provider.models();
    }

    /**
     * The upstream model used when a request does not name one ({@code auto}, or an alias entry without
     * {@code /model}): a provider's {@code defaultModel}, else the first model a target lists.
     * Null when there is none; for a cluster that means "the model it has loaded", since
     * llama-server answers with its one model whatever the request names.
     */
    public String defaultModel() {
        if (!isCluster() && provider.defaultModel() != null) {
            return provider.defaultModel();
        }
        List<String> models = models();
        return models.isEmpty() ? null : models.get(0);
    }
}
