package io.llmrouter.state;

/**
 * Counters of a {@link SnapshotCache} since it was created.
 *
 * @param loads        snapshots loaded from the store
 * @param loadFailures load attempts that failed (each also logged once as a warning)
 * @param staleServes  snapshots handed out while the latest load attempt had failed
 */
public record SnapshotCacheStats(long loads, long loadFailures, long staleServes) {
}
