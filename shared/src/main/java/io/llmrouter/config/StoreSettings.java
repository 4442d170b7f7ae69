package io.llmrouter.config;

import java.time.Duration;

/**
 * Where and how the routing state lives.
 *
 * @param tableName            DynamoDB table holding health, cost and breaker records
 * @param partition            the partition key value for this router deployment; several deployments
 *                             may share a table
 * @param snapshotRefresh      the route function reloads its in-memory snapshot at most this often
 * @param maxSnapshotStaleness while DynamoDB is unreachable, the last snapshot is used up to this age
 * @param recordTtl            records not rewritten within this time expire (DynamoDB TTL)
 * @param publishing           whether the state is also published as one compact item that instances read instead
 */
public record StoreSettings(String tableName, String partition, Duration snapshotRefresh,
                            Duration maxSnapshotStaleness, Duration recordTtl, SnapshotPublishing publishing) {

    /** Settings that read the records directly (no published snapshot). */
    public StoreSettings(String tableName, String partition, Duration snapshotRefresh, Duration maxSnapshotStaleness,
                         Duration recordTtl) {
        this(tableName, partition, snapshotRefresh, maxSnapshotStaleness, recordTtl, SnapshotPublishing.off());
    }

    public static StoreSettings defaults() {
        return new StoreSettings("llm-router-state", "default", Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofHours(24));
    }

    /** The same settings on another table (deployments name the table in {@code STATE_TABLE}). */
    public StoreSettings withTable(String table) {
        return new StoreSettings(table, partition, snapshotRefresh, maxSnapshotStaleness, recordTtl, publishing);
    }

    /** The same settings, publishing the state as {@code publishing} says. */
    public StoreSettings withPublishing(SnapshotPublishing publishing) {
        return new StoreSettings(tableName, partition, snapshotRefresh, maxSnapshotStaleness, recordTtl, publishing);
    }
}
