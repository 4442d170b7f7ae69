package io.llmrouter.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.time.Instant;

/**
 * The design of the routing-state table, in one place: keys, the attributes conditions and TTL rely on,
 * and how to create the table.
 *
 * <p>Items:
 * <pre>
 *   pk (S)                 sk (S)                        record
 *   router#&lt;partition&gt;     health#&lt;target&gt;                HealthRecord
 *   router#&lt;partition&gt;     cost#&lt;target&gt;#&lt;model&gt;         CostRecord (model "*" for a cluster)
 *   router#&lt;partition&gt;     breaker#&lt;target&gt;               BreakerState
 *   keys#&lt;partition&gt;       key#&lt;id&gt;                      ApiKey (io.llmrouter.keys)
 *   limits#&lt;partition&gt;     budget#&lt;subject&gt;#&lt;period&gt;     leased, spent (io.llmrouter.limits)
 *   limits#&lt;partition&gt;     rate#&lt;subject&gt;#&lt;window&gt;       requests, tokens (io.llmrouter.limits)
 *   cache#&lt;partition&gt;      &lt;scope&gt;#&lt;request fingerprint&gt;  a cached answer, GZIP'd (io.llmrouter.cache)
 *   spend#&lt;partition&gt;      &lt;granularity&gt;#&lt;dimension&gt;#&lt;bucket start&gt;#&lt;value&gt;
 *                                                         spend of one hour or day (io.llmrouter.spend)
 *   batch#&lt;partition&gt;      file#&lt;id&gt;                     a file's description; its bytes are in S3 (io.llmrouter.batch)
 *   batch#&lt;partition&gt;      batch#&lt;id&gt;                    Batch: status, counts, files, spend (io.llmrouter.batch)
 *   batch#&lt;partition&gt;      item#&lt;batch id&gt;#&lt;line&gt;         BatchItem: one request, its lease and result
 *   batch#&lt;partition&gt;      upload#&lt;id&gt;                   Upload: a file sent in parts (OpenAI's Uploads API)
 *   batch#&lt;partition&gt;      part#&lt;upload id&gt;#&lt;part id&gt;    UploadPart: one part's size; its bytes are in S3
 *   snapshot#&lt;partition&gt;#&lt;shard&gt;  snapshot               the routing state's items, GZIP'd: a published snapshot
 * </pre>
 * Every record field is a native attribute of its own (numbers as N, flags as BOOL, instants as N epoch
 * milliseconds) so that items read plainly in the console; an unknown value is an absent attribute,
 * never 0. Instants keep millisecond precision. {@code ttl} (N, epoch seconds) is
 * {@code observedAt + recordTtl} (for breakers {@code updatedAt + recordTtl}), the attribute DynamoDB
 * TTL deletes on.
 *
 * <p>Why one partition per deployment: the route function needs every record at once, and a single
 * Query on {@code pk} returns them in one round trip. Size: ~200 targets x 3 records x at most ~400 B
 * is under 240 KB (measured with every field set: 132 KB), far below the 1 MB a Query page returns
 * (larger states still load, over more pages) and the 10 GB a partition holds. Load: each warm route
 * instance reads once per refresh interval (seconds), not per request, and the pollers write a few
 * hundred items per minute. One partition serves 3,000 read units per second; a strongly consistent
 * load of 200 targets costs 33 of them (measured), so with a 5 s refresh the partition carries ~450
 * warm instances at 200 targets, or ~4,500 at 20. Past that, publish the snapshot (below). Several
 * deployments share a table by using different partitions.
 *
 * <p>A published snapshot ({@code store.publishedSnapshot.shards} > 0) is every item of {@code router#<partition>},
 * packed and GZIP'd ({@link PublishedSnapshotCodec}) into the {@code body} (B) of one item, written in as many copies
 * ({@code shards}) under partition keys of their own, {@code snapshot#<partition>#<shard>}, with {@code builtAt} (N,
 * epoch milliseconds: when its records were read) and {@code itemCount}. The writers of the state publish it after
 * they write (the health poller after each round, the cost refresh after each run, a route instance after it opens or
 * closes a breaker); each copy is written only if it is not newer than the one stored. A route instance reads one
 * copy at random, eventually consistent: 200 targets cost a few read units instead of 33, spread over
 * {@code shards} partitions. Breakers keep their own items and conditional writes; the copy only carries them to
 * readers.
 *
 * <p>API keys live in a partition of their own, {@code keys#<partition>}, so the route function's snapshot
 * Query, which reads only {@code router#<partition>}, never reads them (nor pays for them). A key's id is
 * derived from its secret ({@code key_} and the first 16 hex digits of the secret's SHA-256), so
 * authenticating a presented key is one GetItem by id and a constant-time comparison of the full stored
 * hash; the secret itself is never stored. Key items have no {@code ttl}: a revoked key stays, marked
 * with {@code revokedAt}, so that it gets its own refusal. Listing the keys is one Query on that partition.
 *
 * <p>Budget and rate-limit counters live in {@code limits#<partition>}; a subject is {@code key#<id>},
 * {@code team#<name>} or {@code target#<name>}. Instances lease slices of a limit from them with conditional
 * updates (see {@code io.llmrouter.limits.DynamoLimitStore}), a few per minute per key, never per request. A
 * rate window's counter expires ten minutes after its minute; a budget's 35 days after its period ends (a
 * {@code total} budget's never).
 * <p>Cached answers live in {@code cache#<partition>}, one item per client key's scope ({@code key:<id>},
 * {@code client:<name>}, {@code anonymous}) and request fingerprint (the SHA-256 of the normalised request), so
 * a hit is one GetItem and a key can never read another's answers. The completion is stored GZIP'd in
 * {@code body} (B); an answer whose compressed body would not fit in an item is not cached. {@code ttl} is the
 * answer's creation plus {@code cache.ttl}; readers check it too, since DynamoDB deletes expired items late.
 *
 * <p>Spend roll-ups live in {@code spend#<partition>}, one item per granularity ({@code hour}, {@code day}),
 * dimension ({@code key}, {@code team}, {@code tag}, {@code target}, {@code model}), bucket start (an ISO-8601
 * instant, always in the same fixed-width form, so that text order is time order) and value (a key id, a team
 * name, {@code env=prod}, ...). The value comes last, so it may contain the separator. One Query with
 * {@code sk BETWEEN <granularity>#<dimension>#<first start>#} and {@code ...#<last start>$} ({@code $} sorts just
 * after the separator {@code #}) returns one dimension's buckets over a time range, every value at once. Amounts
 * are numbers that flushes {@code ADD} to, so any number of instances add to the same item without reading it;
 * {@code ttl} is the bucket's start plus its retention.
 *
 * <p>Batches live in {@code batch#<partition>}: the description of each file (whose bytes are in S3), each batch, and
 * one item per request of a batch, its line number zero-padded to six digits so that one Query with
 * {@code begins_with(sk, item#<batch id>#)} returns a batch's items in line order. A runner claims an item with a
 * conditional update (pending, or running under a lease that has passed) and records its result under the condition
 * that it still owns it, so that a runner that dies mid-batch loses nothing: its items are claimed again after their
 * lease. Every batch record expires ({@code ttl}) 30 days after its batch's window ends, a file's description 30 days
 * after it was written, as the bucket's lifecycle rule forgets the files themselves.
 * <p>An upload (a file too large for one request, sent in parts) is one item, {@code upload#<id>}, whose
 * {@code status} changes under a condition on the status it had, so that completing and cancelling never both
 * happen; each part is one item, {@code part#<upload id>#<part id>}, so that one Query with
 * {@code begins_with(sk, part#<upload id>#)} returns an upload's parts. Both expire 30 days after the upload does.
 * <p>Deployed tables are defined in the infrastructure code, which must match this design;
 * {@link #createIfMissing} serves tests and the local stack.
 */
public final class StateTable {

    public static final String PARTITION_KEY = "pk";
    public static final String SORT_KEY = "sk";
    /** Epoch milliseconds of the observation; conditional writes compare it. */
    public static final String OBSERVED_AT = "observedAt";
    /** Epoch seconds after which DynamoDB TTL deletes the item. */
    public static final String TTL = "ttl";
    /** The breaker's optimistic-locking counter. */
    public static final String VERSION = "version";

    static final String PARTITION_PREFIX = "router#";
    static final String HEALTH_PREFIX = "health#";
    static final String COST_PREFIX = "cost#";
    static final String BREAKER_PREFIX = "breaker#";
    static final String KEYS_PARTITION_PREFIX = "keys#";
    static final String KEY_PREFIX = "key#";
    static final String LIMITS_PARTITION_PREFIX = "limits#";
    static final String CACHE_PARTITION_PREFIX = "cache#";
    static final String SPEND_PARTITION_PREFIX = "spend#";
    static final String BATCH_PARTITION_PREFIX = "batch#";
    static final String BATCH_FILE_PREFIX = "file#";
    static final String BATCH_PREFIX = "batch#";
    static final String BATCH_ITEM_PREFIX = "item#";
    static final String UPLOAD_PREFIX = "upload#";
    static final String UPLOAD_PART_PREFIX = "part#";
    static final String PUBLISHED_PARTITION_PREFIX = "snapshot#";
    /** The sort key of a published snapshot, the only item of its partition. */
    static final String PUBLISHED_SORT_KEY = "snapshot";
    /** Sorts just after {@link #SEPARATOR}: the upper bound of every sort key with a given prefix. */
    private static final String AFTER_SEPARATOR = "$";
    /** Separates the parts of a key, so no target name may contain it. */
    private static final String SEPARATOR = "#";

    private static final Logger log = LoggerFactory.getLogger(StateTable.class);

    private StateTable() {
    }

    public static String partitionKey(String partition) {
        return partitionOf(PARTITION_PREFIX, partition);
    }

    /**
     * The partition of one copy of a deployment's published snapshot: {@code snapshot#<partition>#<shard>}. Each copy
     * has a partition key of its own, so that DynamoDB spreads the copies, and the reads, over its partitions.
     */
    public static String publishedSnapshotPartitionKey(String partition, int shard) {
        if (shard < 0) {
            throw new IllegalArgumentException("A published snapshot's shard is 0 or more, not " + shard);
        }
        return partitionOf(PUBLISHED_PARTITION_PREFIX, partition) + SEPARATOR + shard;
    }

    /** The partition of a deployment's API keys, apart from the routing state. */
    public static String keysPartitionKey(String partition) {
        return partitionOf(KEYS_PARTITION_PREFIX, partition);
    }

    /** The partition of a deployment's budget and rate-limit counters. */
    public static String limitsPartitionKey(String partition) {
        return partitionOf(LIMITS_PARTITION_PREFIX, partition);
    }

    /** The partition of a deployment's cached answers. */
    public static String cachePartitionKey(String partition) {
        return partitionOf(CACHE_PARTITION_PREFIX, partition);
    }

    /** The sort key of one cached answer: its key's scope, then the request's fingerprint. */
    public static String cacheSortKey(String scope, String fingerprint) {
        requireText(scope, "cache scope");
        requireText(fingerprint, "request fingerprint");
        return scope + SEPARATOR + fingerprint;
    }

    /** One deployment's partition of one kind of item: the kind's prefix, then the deployment's name. */
    private static String partitionOf(String prefix, String partition) {
        requireText(partition, "partition");
        return prefix + partition;
    }

    public static String keySortKey(String keyId) {
        requireText(keyId, "key id");
        return KEY_PREFIX + keyId;
    }

    /** The partition of a deployment's spend roll-ups, apart from the routing state and the keys. */
    public static String spendPartitionKey(String partition) {
        return partitionOf(SPEND_PARTITION_PREFIX, partition);
    }

    /**
     * The sort key of one spend bucket: {@code hour#team#2026-12-05T11:00:00Z#platform}.
     *
     * @param bucketStart a whole second, so that {@link Instant#toString()} has the same width for every bucket
     */
    public static String spendSortKey(String granularity, String dimension, Instant bucketStart, String value) {
        requireText(value, "spend value");
        return spendBucketPrefix(granularity, dimension, bucketStart) + value;
    }

    /** The lowest sort key of the spend buckets of {@code dimension} starting at {@code bucketStart} or later. */
    public static String spendRangeStart(String granularity, String dimension, Instant bucketStart) {
        return spendBucketPrefix(granularity, dimension, bucketStart);
    }

    /** The highest sort key of the spend buckets of {@code dimension} starting at {@code lastBucketStart} or earlier. */
    public static String spendRangeEnd(String granularity, String dimension, Instant lastBucketStart) {
        String prefix = spendBucketPrefix(granularity, dimension, lastBucketStart);
        return prefix.substring(0, prefix.length() - SEPARATOR.length()) + AFTER_SEPARATOR;
    }

    private static String spendBucketPrefix(String granularity, String dimension, Instant bucketStart) {
        requireText(granularity, "spend granularity");
        requireText(dimension, "spend dimension");
        if (bucketStart.getNano() != 0) {
            throw new IllegalArgumentException("A spend bucket starts on a whole second, not at " + bucketStart);
        }
        return granularity + SEPARATOR + dimension + SEPARATOR + bucketStart + SEPARATOR;
    }

    /** The partition of a deployment's batches, their items and their files' descriptions. */
    public static String batchPartitionKey(String partition) {
        return partitionOf(BATCH_PARTITION_PREFIX, partition);
    }

    public static String batchFileSortKey(String fileId) {
        requireText(fileId, "file id");
        return BATCH_FILE_PREFIX + fileId;
    }

    /** The prefix every file description's sort key starts with. */
    public static String batchFilePrefix() {
        return BATCH_FILE_PREFIX;
    }

    public static String batchFileIdOf(String fileSortKey) {
        return fileSortKey.substring(BATCH_FILE_PREFIX.length());
    }

    public static String batchSortKey(String batchId) {
        requireText(batchId, "batch id");
        return BATCH_PREFIX + batchId;
    }

    /** The prefix every batch's sort key starts with (and no item's or file's). */
    public static String batchesPrefix() {
        return BATCH_PREFIX;
    }

    public static String batchIdOf(String batchSortKey) {
        return batchSortKey.substring(BATCH_PREFIX.length());
    }

    /** The prefix of every item of one batch: {@code item#batch_1f..#}. */
    public static String batchItemPrefix(String batchId) {
        requireText(batchId, "batch id");
        return BATCH_ITEM_PREFIX + batchId + SEPARATOR;
    }

    /** {@code item#<batch id>#000042}: zero-padded, so that text order is line order. */
    public static String batchItemSortKey(String batchId, int line) {
        return batchItemPrefix(batchId) + String.format("%06d", line);
    }

    public static String batchIdOfItem(String itemSortKey) {
        return itemSortKey.substring(BATCH_ITEM_PREFIX.length(), itemSortKey.lastIndexOf(SEPARATOR));
    }

    public static int batchItemIndexOf(String itemSortKey) {
        return Integer.parseInt(itemSortKey.substring(itemSortKey.lastIndexOf(SEPARATOR) + 1));
    }

    public static String uploadSortKey(String uploadId) {
        requireText(uploadId, "upload id");
        return UPLOAD_PREFIX + uploadId;
    }

    public static String uploadIdOf(String uploadSortKey) {
        return uploadSortKey.substring(UPLOAD_PREFIX.length());
    }

    /** The prefix of every part of one upload: {@code part#upload_1f..#}. */
    public static String uploadPartPrefix(String uploadId) {
        requireText(uploadId, "upload id");
        return UPLOAD_PART_PREFIX + uploadId + SEPARATOR;
    }

    public static String uploadPartSortKey(String uploadId, String partId) {
        requireText(partId, "part id");
        return uploadPartPrefix(uploadId) + partId;
    }

    public static String uploadPartIdOf(String partSortKey) {
        return partSortKey.substring(partSortKey.lastIndexOf(SEPARATOR) + 1);
    }

    public static String healthSortKey(String target) {
        return HEALTH_PREFIX + checkedTarget(target);
    }

    /** The model comes last, so it may contain the separator; the target may not. */
    public static String costSortKey(String target, String model) {
        requireText(model, "model");
        return COST_PREFIX + checkedTarget(target) + SEPARATOR + model;
    }

    public static String breakerSortKey(String target) {
        return BREAKER_PREFIX + checkedTarget(target);
    }

    /**
     * Creates the table (on-demand capacity, TTL on {@value #TTL}) unless it exists, and waits until it
     * is active. Safe to call from several processes at once.
     */
    public static void createIfMissing(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.describeTable(b -> b.tableName(tableName));
        } catch (ResourceNotFoundException missing) {
            create(dynamo, tableName);
        }
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        enableTtl(dynamo, tableName);
    }

    private static void create(DynamoDbClient dynamo, String tableName) {
        try {
            dynamo.createTable(b -> b.tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(PARTITION_KEY)
                                    .attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(SORT_KEY)
                                    .attributeType(ScalarAttributeType.S).build())
                    .keySchema(
                            KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build()));
            log.info("Created routing-state table {}", tableName);
        } catch (ResourceInUseException createdMeanwhile) {
            // Another process created it between our describe and create: that is what we wanted.
        }
    }

    private static void enableTtl(DynamoDbClient dynamo, String tableName) {
        TimeToLiveStatus status = dynamo.describeTimeToLive(b -> b.tableName(tableName))
                .timeToLiveDescription().timeToLiveStatus();
        // Enabling twice is an error in DynamoDB, so only a disabled TTL is switched on.
        if (status == TimeToLiveStatus.DISABLED) {
            dynamo.updateTimeToLive(b -> b.tableName(tableName)
                    .timeToLiveSpecification(t -> t.attributeName(TTL).enabled(true)));
        }
    }

    private static String checkedTarget(String target) {
        requireText(target, "target");
        if (target.contains(SEPARATOR)) {
            throw new IllegalArgumentException("Target name '" + target + "' contains '" + SEPARATOR
                    + "', which separates the parts of the routing-state keys");
        }
        return target;
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The " + what + " of a routing-state record must not be blank");
        }
    }
}
