package io.llmrouter.routing.complexity;

/** Where a prompt's complexity score falls against the configured thresholds. */
public enum ComplexityTier {
    /** Under {@code simpleBelow}: economy targets first. */
    SIMPLE,
    /** Between the thresholds: the strategy's order stands. */
    MODERATE,
    /** At or over {@code complexFrom}: premium targets first. */
    COMPLEX
}
