package io.llmrouter.cost;

/** A cluster's generation speed, and how it was arrived at. */
public record ThroughputEstimate(double tokensPerSecond, CostBasis basis, String detail) {
}
