package io.llmrouter.state;

/**
 * The routing state shared by the pollers (writers) and the route function (reader).
 *
 * <p>Writes are conditional: an observation older than the stored one is dropped, so a late probe
 * can never overwrite a newer result. Every record carries a TTL so that targets removed from the
 * config fade away on their own.
 */
public interface RoutingStateStore {

    /** Stores the record unless a newer one is already there. Returns whether it was written. */
    boolean putHealth(HealthRecord record);

    /**
     * Stores a poll round's records, each unless a newer one is already there, in as few calls as the store
     * allows. Returns how many were written. A failure is the caller's to log: nothing is retried here.
     */
    default int putHealth(java.util.List<HealthRecord> records) {
        int written = 0;
        for (HealthRecord record : records) {
            written += putHealth(record) ? 1 : 0;
        }
        return written;
    }

    /** Stores the record unless a newer one for the same target and model is already there. */
    boolean putCost(CostRecord record);

    /**
     * Stores a breaker state if the stored one still has {@code expectedVersion} (0 when none is
     * stored). The new state must carry {@code expectedVersion + 1}. Returns false when another
     * instance wrote first; the caller re-reads and decides again.
     */
    boolean putBreaker(BreakerState state, long expectedVersion);

    /**
     * {@link #putBreaker}, and when the write loses, the breaker that beat it, read in the same round
     * trip. For a claim on a breaker's trial: the request that loses must learn whose claim holds the
     * target, without another read.
     */
    BreakerWrite putBreakerOrRead(BreakerState state, long expectedVersion);

    /**
     * How a conditional breaker write ended.
     *
     * @param written whether the state was stored
     * @param stored  the breaker stored now: the state written, or the one that beat it (null when that
     *                one could not be read)
     */
    record BreakerWrite(boolean written, BreakerState stored) {
    }

    /**
     * The state the route function routes on: every record of this deployment, read with one Query (paginated only
     * past 1 MB), or the published snapshot when the deployment publishes one.
     */
    RoutingSnapshot loadSnapshot();

    /**
     * Every record as stored now, never a published copy: for the writers, which must build on the newest records.
     */
    default RoutingSnapshot loadRecords() {
        return loadSnapshot();
    }

    /**
     * Publishes the records as the snapshot the route function reads, when the deployment publishes one; called by
     * the writers after they write. Returns how many copies were written (0 when nothing is published). Never throws:
     * publishing is best effort on top of a write that has landed, so a store logs its own failure.
     */
    default int publishSnapshot() {
        return 0;
    }
}
