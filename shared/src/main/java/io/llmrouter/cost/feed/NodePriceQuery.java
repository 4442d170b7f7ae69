package io.llmrouter.cost.feed;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterConfig;

import java.util.Objects;

/**
 * One node price to look up: a node type in a cloud region. Clusters on the same type in the same region
 * share one query, so each is fetched once per refresh however many clusters run on it.
 */
public record NodePriceQuery(CloudProvider cloud, String region, String instanceType) {

    public NodePriceQuery {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(instanceType, "instanceType");
    }

    /** The query of a cluster that {@link ClusterConfig#looksUpNodePrice() looks its node price up}. */
    public static NodePriceQuery of(ClusterConfig cluster) {
        return new NodePriceQuery(cluster.provider(), cluster.region(), cluster.instanceType());
    }

    /** Whether a price list entry answers this query. */
    public boolean matches(NodePrice price) {
        return price.cloud() == cloud && price.region().equals(region) && price.instanceType().equals(instanceType);
    }

    /** The key {@link PriceRules#NODE_PRICES} gives the answer, as in rejections ({@code AWS/us-west-2/t3.large}). */
    public String key() {
        return cloud + "/" + region + "/" + instanceType;
    }
}
