package io.llmrouter.spend;

/** A bucket and what was spent in it: an increment to add when flushing, a total when reading. */
public record SpendLine(SpendKey key, SpendAmount amount) {
}
