package io.llmrouter.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.state.StateTable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Batches, items and file descriptions in the routing-state table's {@code batch#<partition>} (see
 * {@link StateTable}). Reads are strongly consistent: a runner that claims an item has seen every earlier claim.
 * Every record has a {@code ttl} {@link #RETENTION} after its batch's window ends (a file's, after it was written),
 * as the bucket's lifecycle forgets the files' bytes.
 */
public final class DynamoBatchStore implements BatchStore {

    /** How long batches, their items and the files' descriptions are kept: the bucket's 30 days. */
    public static final java.time.Duration RETENTION = java.time.Duration.ofDays(30);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> PK_NAME = Map.of("#pk", StateTable.PARTITION_KEY);
    private static final int WRITE_BATCH = 25;

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String partitionKey;

    public DynamoBatchStore(DynamoDbClient dynamo, StoreSettings settings) {
        this.dynamo = dynamo;
        this.tableName = settings.tableName();
        this.partitionKey = StateTable.batchPartitionKey(settings.partition());
    }

    /** Set on a deleted file's description, which then waits for DynamoDB TTL to remove it. */
    private static final String DELETED_AT = "deletedAt";

    @Override
    public void putFile(BatchFile file) {
        Map<String, AttributeValue> item = base(StateTable.batchFileSortKey(file.id()));
        item.put("filename", s(file.filename()));
        item.put("purpose", s(file.purpose()));
        item.put("bytes", n(file.bytes()));
        item.put("createdAt", n(file.createdAt().toEpochMilli()));
        item.put("caller", s(file.caller()));
        item.put(StateTable.TTL, n(file.createdAt().plus(RETENTION).getEpochSecond()));
        call(() -> dynamo.putItem(b -> b.tableName(tableName).item(item)));
    }

    @Override
    public Optional<BatchFile> findFile(String id) {
        return get(StateTable.batchFileSortKey(id)).filter(item -> !item.containsKey(DELETED_AT))
                .map(DynamoBatchStore::file);
    }

    @Override
    public List<BatchFile> listFiles() {
        List<BatchFile> files = new ArrayList<>();
        query(StateTable.batchFilePrefix()).stream().filter(item -> !item.containsKey(DELETED_AT))
                .forEach(item -> files.add(file(item)));
        files.sort(Comparator.comparing(BatchFile::createdAt).reversed().thenComparing(BatchFile::id));
        return files;
    }

    @Override
    public boolean deleteFile(String id, Instant now) {
        return conditional(() -> dynamo.updateItem(b -> b.tableName(tableName)
                .key(Map.of(StateTable.PARTITION_KEY, s(partitionKey), StateTable.SORT_KEY,
                        s(StateTable.batchFileSortKey(id))))
                .updateExpression("SET #deletedAt = :now, #ttl = :expired")
                .conditionExpression("attribute_exists(#pk) AND attribute_not_exists(#deletedAt)")
                .expressionAttributeNames(Map.of("#pk", StateTable.PARTITION_KEY, "#deletedAt", DELETED_AT,
                        "#ttl", StateTable.TTL))
                .expressionAttributeValues(Map.of(":now", n(now.toEpochMilli()), ":expired", n(now.getEpochSecond())))));
    }

    private static BatchFile file(Map<String, AttributeValue> item) {
        String sortKey = item.get(StateTable.SORT_KEY).s();
        return new BatchFile(StateTable.batchFileIdOf(sortKey), str(item, "filename"), str(item, "purpose"),
                num(item, "bytes"), Instant.ofEpochMilli(num(item, "createdAt")), str(item, "caller"));
    }

    @Override
    public boolean createBatch(Batch batch) {
        return conditional(() -> dynamo.putItem(b -> b.tableName(tableName).item(batchItem(batch))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(PK_NAME)));
    }

    @Override
    public Optional<Batch> findBatch(String id) {
        return get(StateTable.batchSortKey(id)).map(DynamoBatchStore::batch);
    }

    @Override
    public List<Batch> listBatches() {
        List<Batch> batches = new ArrayList<>();
        query(StateTable.batchesPrefix()).forEach(item -> batches.add(batch(item)));
        batches.sort(Comparator.comparing(Batch::createdAt).reversed().thenComparing(Batch::id));
        return batches;
    }

    @Override
    public boolean replaceBatch(Batch updated, BatchStatus expected, Instant leaseFreeAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":expected", s(expected.wireName()));
        String condition = "#status = :expected";
        if (leaseFreeAt != null) {
            condition += " AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)";
            values.put(":now", n(leaseFreeAt.toEpochMilli()));
        }
        String finalCondition = condition;
        return conditional(() -> dynamo.putItem(b -> b.tableName(tableName).item(batchItem(updated))
                .conditionExpression(finalCondition).expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)));
    }

    @Override
    public void putItems(List<BatchItem> items, Instant keepUntil) {
        AttributeValue ttl = n(keepUntil.getEpochSecond());
        for (int from = 0; from < items.size(); from += WRITE_BATCH) {
            List<WriteRequest> writes = new ArrayList<>();
            for (BatchItem item : items.subList(from, Math.min(items.size(), from + WRITE_BATCH))) {
                Map<String, AttributeValue> written = itemOf(item);
                written.put(StateTable.TTL, ttl);
                writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(written).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(tableName, writes);
            while (!pending.isEmpty() && !pending.getOrDefault(tableName, List.of()).isEmpty()) {
                Map<String, List<WriteRequest>> request = pending;
                BatchWriteItemResponse response = call(() -> dynamo.batchWriteItem(b -> b.requestItems(request)));
                pending = response.unprocessedItems();
            }
        }
    }

    @Override
    public List<BatchItem> items(String batchId) {
        List<BatchItem> items = new ArrayList<>();
        query(StateTable.batchItemPrefix(batchId)).forEach(item -> items.add(item(item)));
        return items;
    }

    @Override
    public Optional<BatchItem> claim(BatchItem item, String owner, Instant leaseUntil, Instant now) {
        try {
            Map<String, AttributeValue> updated = dynamo.updateItem(b -> b.tableName(tableName).key(key(item))
                    .updateExpression("SET #state = :running, #owner = :owner, leaseUntil = :until ADD attempts :one")
                    .conditionExpression("attribute_exists(#pk) AND (#state = :pending OR "
                            + "(#state = :running AND leaseUntil < :now))")
                    .expressionAttributeNames(Map.of("#pk", StateTable.PARTITION_KEY, "#state", "state", "#owner", "owner"))
                    .expressionAttributeValues(Map.of(":running", s(BatchItem.State.RUNNING.name()),
                            ":pending", s(BatchItem.State.PENDING.name()), ":owner", s(owner),
                            ":until", n(leaseUntil.toEpochMilli()), ":now", n(now.toEpochMilli()), ":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(item(updated));
        } catch (ConditionalCheckFailedException taken) {
            return Optional.empty();
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    @Override
    public boolean finish(BatchItem item, String owner, ItemResult result) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":done", s(BatchItem.State.DONE.name()),
                ":owner", s(owner), ":running", s(BatchItem.State.RUNNING.name()), ":status", n(result.status()),
                ":response", s(result.body()), ":cost", n(result.costUsd())));
        StringBuilder set = new StringBuilder("SET #state = :done, httpStatus = :status, answer = :response, costUsd = :cost");
        if (result.target() != null) {
            set.append(", answeredBy = :target");
            values.put(":target", s(result.target()));
        }
        if (result.baselineUsd() != null) {
            set.append(", baselineUsd = :baseline");
            values.put(":baseline", n(result.baselineUsd()));
        }
        set.append(" REMOVE leaseUntil");
        return conditional(() -> dynamo.updateItem(b -> b.tableName(tableName).key(key(item))
                .updateExpression(set.toString())
                .conditionExpression("#state = :running AND #owner = :owner")
                .expressionAttributeNames(Map.of("#state", "state", "#owner", "owner"))
                .expressionAttributeValues(values)));
    }

    @Override
    public boolean release(BatchItem item, String owner, boolean tried) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pending", s(BatchItem.State.PENDING.name()),
                ":running", s(BatchItem.State.RUNNING.name()), ":owner", s(owner)));
        String giveBack = "";
        if (!tried) {
            giveBack = " ADD attempts :minusOne";
            values.put(":minusOne", n(-1));
        }
        String update = "SET #state = :pending REMOVE leaseUntil, #owner" + giveBack;
        return conditional(() -> dynamo.updateItem(b -> b.tableName(tableName).key(key(item))
                .updateExpression(update)
                .conditionExpression("#state = :running AND #owner = :owner")
                .expressionAttributeNames(Map.of("#state", "state", "#owner", "owner"))
                .expressionAttributeValues(values)));
    }

    @Override
    public boolean createUpload(Upload upload) {
        return conditional(() -> dynamo.putItem(b -> b.tableName(tableName).item(uploadItem(upload))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(PK_NAME)));
    }

    @Override
    public Optional<Upload> findUpload(String id) {
        return get(StateTable.uploadSortKey(id)).map(DynamoBatchStore::upload);
    }

    @Override
    public boolean replaceUpload(Upload updated, Upload.Status expected) {
        return conditional(() -> dynamo.putItem(b -> b.tableName(tableName).item(uploadItem(updated))
                .conditionExpression("#status = :expected").expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":expected", s(expected.name())))));
    }

    @Override
    public void putPart(UploadPart part, Instant keepUntil) {
        Map<String, AttributeValue> item = base(StateTable.uploadPartSortKey(part.uploadId(), part.id()));
        item.put("bytes", n(part.bytes()));
        item.put("createdAt", n(part.createdAt().toEpochMilli()));
        item.put(StateTable.TTL, n(keepUntil.getEpochSecond()));
        call(() -> dynamo.putItem(b -> b.tableName(tableName).item(item)));
    }

    @Override
    public List<UploadPart> parts(String uploadId) {
        return query(StateTable.uploadPartPrefix(uploadId)).stream().map(item -> new UploadPart(
                StateTable.uploadPartIdOf(str(item, StateTable.SORT_KEY)), uploadId, num(item, "bytes"),
                Instant.ofEpochMilli(num(item, "createdAt")))).toList();
    }

    private Map<String, AttributeValue> uploadItem(Upload upload) {
        Map<String, AttributeValue> item = base(StateTable.uploadSortKey(upload.id()));
        item.put("filename", s(upload.filename()));
        item.put("purpose", s(upload.purpose()));
        item.put("bytes", n(upload.bytes()));
        item.put("mimeType", s(upload.mimeType()));
        item.put("createdAt", n(upload.createdAt().toEpochMilli()));
        item.put("expiresAt", n(upload.expiresAt().toEpochMilli()));
        item.put("status", s(upload.status().name()));
        if (upload.fileId() != null) {
            item.put("fileId", s(upload.fileId()));
        }
        item.put("caller", s(upload.caller()));
        item.put(StateTable.TTL, n(upload.expiresAt().plus(RETENTION).getEpochSecond()));
        return item;
    }

    private static Upload upload(Map<String, AttributeValue> item) {
        return new Upload(StateTable.uploadIdOf(str(item, StateTable.SORT_KEY)), str(item, "filename"),
                str(item, "purpose"), num(item, "bytes"), str(item, "mimeType"),
                Instant.ofEpochMilli(num(item, "createdAt")), Instant.ofEpochMilli(num(item, "expiresAt")),
                Upload.Status.valueOf(str(item, "status")), str(item, "fileId"), str(item, "caller"));
    }

    private Map<String, AttributeValue> batchItem(Batch batch) {
        Map<String, AttributeValue> item = base(StateTable.batchSortKey(batch.id()));
        item.put("endpoint", s(batch.endpoint()));
        item.put("inputFileId", s(batch.inputFileId()));
        item.put("completionWindow", s(batch.completionWindow()));
        item.put("status", s(batch.status().wireName()));
        item.put("createdAt", n(batch.createdAt().toEpochMilli()));
        item.put("expiresAt", n(batch.expiresAt().toEpochMilli()));
        item.put("caller", s(batch.caller()));
        item.put(StateTable.TTL, n(batch.expiresAt().plus(RETENTION).getEpochSecond()));
        Map<String, AttributeValue> transitions = new HashMap<>();
        batch.transitions().forEach((status, at) -> transitions.put(status.wireName(), n(at.toEpochMilli())));
        item.put("transitions", AttributeValue.fromM(transitions));
        item.put("total", n(batch.counts().total()));
        item.put("completed", n(batch.counts().completed()));
        item.put("failed", n(batch.counts().failed()));
        if (batch.outputFileId() != null) {
            item.put("outputFileId", s(batch.outputFileId()));
        }
        if (batch.errorFileId() != null) {
            item.put("errorFileId", s(batch.errorFileId()));
        }
        if (!batch.errors().isEmpty()) {
            item.put("errors", s(json(batch.errors())));
        }
        Map<String, AttributeValue> metadata = new HashMap<>();
        batch.metadata().forEach((k, v) -> metadata.put(k, s(v)));
        item.put("metadata", AttributeValue.fromM(metadata));
        if (batch.leaseUntil() != null) {
            item.put("leaseUntil", n(batch.leaseUntil().toEpochMilli()));
        }
        item.put("spendUsd", n(batch.spendUsd()));
        if (batch.baselineUsd() != null) {
            item.put("baselineUsd", n(batch.baselineUsd()));
        }
        Map<String, AttributeValue> byTarget = new HashMap<>();
        batch.byTarget().forEach((k, v) -> byTarget.put(k, n(v)));
        item.put("byTarget", AttributeValue.fromM(byTarget));
        return item;
    }

    private static Batch batch(Map<String, AttributeValue> item) {
        Map<BatchStatus, Instant> transitions = new EnumMap<>(BatchStatus.class);
        item.getOrDefault("transitions", AttributeValue.fromM(Map.of())).m()
                .forEach((k, v) -> transitions.put(BatchStatus.fromWire(k), Instant.ofEpochMilli(Long.parseLong(v.n()))));
        Map<String, String> metadata = new HashMap<>();
        item.getOrDefault("metadata", AttributeValue.fromM(Map.of())).m().forEach((k, v) -> metadata.put(k, v.s()));
        Map<String, Integer> byTarget = new HashMap<>();
        item.getOrDefault("byTarget", AttributeValue.fromM(Map.of())).m()
                .forEach((k, v) -> byTarget.put(k, Integer.parseInt(v.n())));
        List<BatchError> errors = item.containsKey("errors") ? errors(str(item, "errors")) : List.of();
        String sk = str(item, StateTable.SORT_KEY);
        return new Batch(StateTable.batchIdOf(sk), str(item, "endpoint"), str(item, "inputFileId"),
                str(item, "completionWindow"), BatchStatus.fromWire(str(item, "status")),
                Instant.ofEpochMilli(num(item, "createdAt")), Instant.ofEpochMilli(num(item, "expiresAt")), transitions,
                new RequestCounts((int) num(item, "total"), (int) num(item, "completed"), (int) num(item, "failed")),
                str(item, "outputFileId"), str(item, "errorFileId"), errors, metadata,
                item.containsKey("leaseUntil") ? Instant.ofEpochMilli(num(item, "leaseUntil")) : null,
                dbl(item, "spendUsd"), item.containsKey("baselineUsd") ? dbl(item, "baselineUsd") : null, byTarget,
                str(item, "caller"));
    }

    private Map<String, AttributeValue> itemOf(BatchItem batchItem) {
        Map<String, AttributeValue> item = base(StateTable.batchItemSortKey(batchItem.batchId(), batchItem.index()));
        item.put("customId", s(batchItem.customId()));
        item.put("body", s(batchItem.body()));
        item.put("state", s(batchItem.state().name()));
        item.put("attempts", n(batchItem.attempts()));
        ItemResult result = batchItem.result();
        if (result != null) {
            item.put("httpStatus", n(result.status()));
            item.put("answer", s(result.body()));
            item.put("costUsd", n(result.costUsd()));
        }
        return item;
    }

    private static BatchItem item(Map<String, AttributeValue> item) {
        String sk = str(item, StateTable.SORT_KEY);
        ItemResult result = item.containsKey("httpStatus") ? new ItemResult((int) num(item, "httpStatus"),
                str(item, "answer"), str(item, "answeredBy"), dbl(item, "costUsd"),
                item.containsKey("baselineUsd") ? dbl(item, "baselineUsd") : null) : null;
        return new BatchItem(StateTable.batchIdOfItem(sk), StateTable.batchItemIndexOf(sk), str(item, "customId"),
                str(item, "body"), BatchItem.State.valueOf(str(item, "state")), str(item, "owner"),
                item.containsKey("leaseUntil") ? Instant.ofEpochMilli(num(item, "leaseUntil")) : null,
                (int) num(item, "attempts"), result);
    }

    private Map<String, AttributeValue> key(BatchItem item) {
        return Map.of(StateTable.PARTITION_KEY, s(partitionKey),
                StateTable.SORT_KEY, s(StateTable.batchItemSortKey(item.batchId(), item.index())));
    }

    private Map<String, AttributeValue> base(String sortKey) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(StateTable.PARTITION_KEY, s(partitionKey));
        item.put(StateTable.SORT_KEY, s(sortKey));
        return item;
    }

    private Optional<Map<String, AttributeValue>> get(String sortKey) {
        Map<String, AttributeValue> item = call(() -> dynamo.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(Map.of(StateTable.PARTITION_KEY, s(partitionKey), StateTable.SORT_KEY, s(sortKey))))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    private List<Map<String, AttributeValue>> query(String sortKeyPrefix) {
        QueryRequest query = QueryRequest.builder().tableName(tableName).consistentRead(true)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", StateTable.PARTITION_KEY, "#sk", StateTable.SORT_KEY))
                .expressionAttributeValues(Map.of(":pk", s(partitionKey), ":prefix", s(sortKeyPrefix))).build();
        return call(() -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            dynamo.queryPaginator(query).items().forEach(items::add);
            return items;
        });
    }

    private static boolean conditional(Runnable write) {
        try {
            write.run();
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    private static <T> T call(Supplier<T> read) {
        try {
            return read.get();
        } catch (SdkException e) {
            throw unavailable(e);
        }
    }

    private static RoutingStateUnavailableException unavailable(SdkException e) {
        return new RoutingStateUnavailableException("the batches cannot be read or written: " + e.getMessage(), e);
    }

    private static String json(List<BatchError> errors) {
        try {
            return JSON.writeValueAsString(errors);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<BatchError> errors(String json) {
        try {
            return JSON.readValue(json, new TypeReference<List<BatchError>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable batch errors: " + e.getMessage(), e);
        }
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(Number value) {
        return AttributeValue.fromN(value.toString());
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : new java.math.BigDecimal(value.n()).longValue();
    }

    private static double dbl(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Double.parseDouble(value.n());
    }
}
