package io.llmrouter.state;

import java.time.Duration;

/**
 * Hears what a {@link SnapshotCache} does, to turn it into metrics. Called on the thread that calls
 * {@link SnapshotCache#current()}, so implementations must be quick and must not throw.
 */
public interface SnapshotCacheListener {

    SnapshotCacheListener NONE = new SnapshotCacheListener() {
    };

    /** A snapshot was loaded; {@code loadTime} is how long the store took. */
    default void onLoaded(RoutingSnapshot snapshot, Duration loadTime) {
    }

    /** A load failed; {@code snapshotAge} is the age of the snapshot still held, null when there is none. */
    default void onLoadFailed(RuntimeException cause, Duration snapshotAge) {
    }

    /** A snapshot of this age was handed out although the latest load attempt failed. */
    default void onServedStale(Duration snapshotAge) {
    }
}
