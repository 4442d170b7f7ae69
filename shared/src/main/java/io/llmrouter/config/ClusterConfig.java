package io.llmrouter.config;

import java.net.URI;
import java.util.List;

/**
 * A self-hosted llama.cpp cluster ({@code llama-server} behind an endpoint).
 *
 * @param models        model names it serves; empty means "whatever it reports", which makes it eligible
 *                      for {@code auto} and for the model names its health records list
 * @param instanceType  the node type (e.g. {@code t3.large}); picks the expected tokens/s from model
 *                      metadata when no live throughput is known. May be null.
 * @param tokensPerSecond the generation speed the operator states for this cluster; prices it, ahead of the
 *                      model metadata, while nothing is measured (see ThroughputEstimator). Null when not stated.
 * @param contextWindow tokens of context per request; null when unknown (then the poller's n_ctx is used)
 */
public record ClusterConfig(
        String name,
        URI endpoint,
        String region,
        CloudProvider provider,
        double costPerHour,
        String instanceType,
        Double tokensPerSecond,
        List<String> models,
        Integer contextWindow,
        ClusterAuth auth) {

    public ClusterConfig {
        models = List.copyOf(models);
    }

    public boolean servesAnyReportedModel() {
        return models.isEmpty();
    }
}
