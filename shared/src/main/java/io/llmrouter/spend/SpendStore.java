package io.llmrouter.spend;

import java.time.Instant;
import java.util.List;

/**
 * Where spend roll-ups are kept, shared by every instance of the router: instances only ever add to a bucket,
 * so they need not coordinate.
 */
public interface SpendStore {

    /**
     * Adds each line's amount to its bucket, all or none; sending the same batch again after it succeeded
     * changes nothing (for a while: DynamoDB remembers a transaction's token for ten minutes).
     *
     * @throws io.llmrouter.state.RoutingStateUnavailableException when the store cannot be written
     */
    void add(SpendBatch batch);

    /**
     * The buckets of one granularity and dimension whose start is in {@code [firstBucketStart, lastBucketStart]},
     * every value's, in bucket order.
     *
     * @throws io.llmrouter.state.RoutingStateUnavailableException when the store cannot be read
     */
    List<SpendLine> read(SpendGranularity granularity, SpendDimension dimension, Instant firstBucketStart,
                         Instant lastBucketStart);
}
