package io.llmrouter.cost;

import io.llmrouter.state.CostBasis;
import java.time.Instant;

/**
 * A cluster's generation speed, and how it was arrived at.
 *
 * @param basis      what the figure is, written in the cost record as it is
 * @param detail     the figure's origin for people, written as the record's source
 * @param observedAt when the figure was arrived at: the refresh that measured it for a loaded estimate
 *                   kept through idle windows, so that its age limit runs from there; else this refresh
 */
public record ThroughputEstimate(double tokensPerSecond, CostBasis basis, String detail, Instant observedAt) {
}
