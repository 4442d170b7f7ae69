package io.llmrouter.routing;

/**
 * A target that may serve a requested model, and the model name to ask it for.
 *
 * @param upstreamModel the model name sent upstream; null only for a cluster asked for its default
 *                      when it lists no models (see {@link Target#defaultModel()})
 */
public record EligibleTarget(Target target, String upstreamModel) {
}
