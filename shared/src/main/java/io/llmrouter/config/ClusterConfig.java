package io.llmrouter.config;

import java.net.URI;
import java.util.List;

/**
 * A self-hosted llama.cpp cluster ({@code llama-server} behind an endpoint).
 *
 * @param region        the cloud's region code ({@code us-west-2}, {@code us-central1}, {@code eastus}); may be null
 * @param provider      the cloud the nodes run in; may be null
 * @param costPerHour   $ per hour for the node(s); null when not configured, and then cost-refresh looks
 *                      the node's on-demand price up in the cloud's price list (see {@link #looksUpNodePrice()})
 * @param models        model names it serves; empty means "whatever it reports", which makes it eligible
 *                      for {@code auto} and for the model names its health records list
 * @param instanceType  the node type (e.g. {@code t3.large}); picks the expected tokens/s from model
 *                      metadata when no live throughput is known, and the node price to look up. May be null.
 * @param tokensPerSecond the generation speed the operator states for this cluster; prices it, ahead of the
 *                      model metadata, while nothing is measured (see ThroughputEstimator). Null when not stated.
 * @param contextWindow tokens of context per request; null when unknown (then the poller's n_ctx is used)
 */
public record ClusterConfig(
        String name,
        URI endpoint,
        String region,
        CloudProvider provider,
        Double costPerHour,
        String instanceType,
        Double tokensPerSecond,
        List<String> models,
        Integer contextWindow,
        ClusterAuth auth) {

    public ClusterConfig {
        models = List.copyOf(models);
    }

    /**
     * Whether cost-refresh looks the node price up: no {@code costPerHour} is configured (it overrides any
     * lookup) and the instance type is known. The config loader has then checked that provider and region
     * are set too. With neither a price nor an instance type the cluster stays unpriced.
     */
    public boolean looksUpNodePrice() {
        return costPerHour == null && instanceType != null;
    }

    public boolean servesAnyReportedModel() {
        return models.isEmpty();
    }
}
