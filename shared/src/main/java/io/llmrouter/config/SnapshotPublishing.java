package io.llmrouter.config;

import java.time.Duration;

/**
 * Whether the writers of the routing state also publish it as one compact item, and how the route function reads it.
 *
 * <p>Off ({@code shards} 0, the default), every route-function instance reads the records themselves: one strongly
 * consistent Query of the deployment's partition per refresh. That is the freshest read and costs ~33 read units at
 * 200 targets, so one partition (3,000 read units/s) carries ~450 instances refreshing every 5 s. On, the health
 * poller, the cost refresh and a breaker that opens or closes write the whole state GZIP'd into {@code shards} copies
 * of one item, each under a partition key of its own; an instance reads one copy, chosen at random, eventually
 * consistent (a few read units), and refreshes at a jittered interval so that instances started together do not
 * read together.
 *
 * @param shards how many copies; 0 reads the records directly
 * @param maxAge a published copy older than this is not trusted (its writers may have stopped): the reader falls back
 *               to the records
 */
public record SnapshotPublishing(int shards, Duration maxAge) {

    /** DynamoDB's limit on one partition's reads, the figure a deployment sizes {@code shards} against. */
    public static final int PARTITION_READ_UNITS_PER_SECOND = 3_000;

    public SnapshotPublishing {
        if (shards < 0 || shards > 100) {
            throw new IllegalArgumentException("shards must be 0 (off) to 100; got " + shards);
        }
        if (!maxAge.isPositive()) {
            throw new IllegalArgumentException("maxAge must be positive; got " + maxAge);
        }
    }

    public static SnapshotPublishing off() {
        return new SnapshotPublishing(0, Duration.ofSeconds(60));
    }

    public boolean enabled() {
        return shards > 0;
    }
}
