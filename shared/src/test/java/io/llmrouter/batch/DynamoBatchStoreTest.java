package io.llmrouter.batch;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Batches, items and uploads on the real engine: round trips, the claim's and an upload's conditions, the lease, the TTL. */
class DynamoBatchStoreTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private String partition;
    private DynamoBatchStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        partition = "p-" + System.nanoTime();
        store = new DynamoBatchStore(dynamo.client(), new StoreSettings(dynamo.tableName(), partition,
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24)));
    }

    static Batch batch(String id) {
        return new Batch(id, "/v1/chat/completions", "file-1", "24h", BatchStatus.IN_PROGRESS, NOW,
                NOW.plus(Duration.ofHours(24)), Map.of(BatchStatus.IN_PROGRESS, NOW.plusSeconds(2)),
                new RequestCounts(10, 4, 1), "file-o", "file-e",
                List.of(new BatchError("duplicate_custom_id", "twice", "custom_id", 3)), Map.of("job", "nightly"),
                NOW.plusSeconds(60), 0.0125, 0.5, Map.of("aws", 3, "gcp", 1), "key:key_0123456789abcdef");
    }

    static BatchItem item(int index) {
        return new BatchItem("batch_1", index, "c-" + index, "{\"model\":\"auto\"}", BatchItem.State.PENDING, null, null, 0, null);
    }

    Map<String, AttributeValue> raw(String sortKey) {
        return dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).key(Map.of(
                StateTable.PARTITION_KEY, AttributeValue.fromS(StateTable.batchPartitionKey(partition)),
                StateTable.SORT_KEY, AttributeValue.fromS(sortKey)))).item();
    }

    @Test
    void aBatchReadsBackAsItWasWrittenAndIsCreatedOnce() {
        Batch batch = batch("batch_1");
        assertTrue(store.createBatch(batch));
        assertFalse(store.createBatch(batch), "an id is created once");

        assertEquals(batch, store.findBatch("batch_1").orElseThrow());
        assertEquals(List.of(batch), store.listBatches());
        long ttl = Long.parseLong(raw(StateTable.batchSortKey("batch_1")).get(StateTable.TTL).n());
        assertEquals(batch.expiresAt().plus(DynamoBatchStore.RETENTION).getEpochSecond(), ttl);
    }

    @Test
    void replacingABatchNeedsTheStatusItHadAndAPassedLease() {
        Batch batch = batch("batch_2");
        store.createBatch(batch);
        Batch finalizing = BatchTransitions.to(batch, BatchStatus.FINALIZING, NOW);

        assertFalse(store.replaceBatch(finalizing, BatchStatus.VALIDATING, null), "another status");
        assertFalse(store.replaceBatch(finalizing, BatchStatus.IN_PROGRESS, NOW), "its lease runs to NOW + 60 s");
        assertTrue(store.replaceBatch(finalizing, BatchStatus.IN_PROGRESS, NOW.plusSeconds(61)));
        assertEquals(BatchStatus.FINALIZING, store.findBatch("batch_2").orElseThrow().status());
    }

    @Test
    void anItemIsClaimedByOneRunnerAtATimeUntilItsLeasePasses() {
        store.putItems(List.of(item(0), item(1)), NOW.plus(Duration.ofDays(31)));
        BatchItem pending = store.items("batch_1").get(0);

        BatchItem mine = store.claim(pending, "runner-a", NOW.plusSeconds(120), NOW).orElseThrow();
        assertEquals(BatchItem.State.RUNNING, mine.state());
        assertEquals("runner-a", mine.owner());
        assertEquals(1, mine.attempts());
        assertTrue(store.claim(pending, "runner-b", NOW.plusSeconds(120), NOW.plusSeconds(119)).isEmpty(),
                "held until its lease passes");

        BatchItem theirs = store.claim(pending, "runner-b", NOW.plusSeconds(300), NOW.plusSeconds(121)).orElseThrow();
        assertEquals(2, theirs.attempts());
        ItemResult result = new ItemResult(200, "{\"ok\":true}", "aws", 0.001, 0.01);
        assertFalse(store.finish(mine, "runner-a", result), "runner-a lost the item when its lease passed");
        assertFalse(store.release(mine, "runner-a", true));
        assertTrue(store.finish(theirs, "runner-b", result));
        assertTrue(store.claim(pending, "runner-c", NOW.plusSeconds(900), NOW.plusSeconds(600)).isEmpty(),
                "an item that ended is never claimed again");

        List<BatchItem> items = store.items("batch_1");
        assertEquals(BatchItem.State.DONE, items.get(0).state());
        assertEquals(result, items.get(0).result());
        assertEquals(List.of("c-0", "c-1"), items.stream().map(BatchItem::customId).toList());
        assertEquals(NOW.plus(Duration.ofDays(31)).getEpochSecond(),
                Long.parseLong(raw(StateTable.batchItemSortKey("batch_1", 1)).get(StateTable.TTL).n()));
    }

    @Test
    void aReleasedItemIsPendingAgain() {
        store.putItems(List.of(item(7)), NOW.plus(Duration.ofDays(31)));
        BatchItem claimed = store.claim(store.items("batch_1").get(0), "runner-a", NOW.plusSeconds(120), NOW).orElseThrow();

        assertTrue(store.release(claimed, "runner-a", true));

        BatchItem again = store.items("batch_1").get(0);
        assertEquals(BatchItem.State.PENDING, again.state());
        assertEquals(1, again.attempts(), "a failed try counts");
        assertTrue(store.claim(again, "runner-b", NOW.plusSeconds(120), NOW).isPresent());
    }

    @Test
    void anItemThatOnlyWaitedGetsItsAttemptBack() {
        store.putItems(List.of(item(8)), NOW.plus(Duration.ofDays(31)));
        for (int pass = 0; pass < 5; pass++) {
            BatchItem claimed = store.claim(store.items("batch_1").get(0), "runner-a", NOW.plusSeconds(120), NOW)
                    .orElseThrow();
            assertEquals(1, claimed.attempts(), "pass " + pass);
            assertTrue(store.release(claimed, "runner-a", false));
        }

        assertEquals(0, store.items("batch_1").get(0).attempts(), "five passes of waiting cost no attempt");
    }

    @Test
    void anUploadEndsOnceAndKeepsItsPartsApartFromAnotherUploads() {
        Upload upload = new Upload("upload_1", "big.jsonl", "batch", 300, "application/jsonl", NOW,
                NOW.plus(Duration.ofHours(1)), Upload.Status.PENDING, null, "client:alice");
        assertTrue(store.createUpload(upload));
        assertFalse(store.createUpload(upload), "created once");
        assertEquals(upload, store.findUpload("upload_1").orElseThrow());
        store.putPart(new UploadPart("part_b", "upload_1", 200, NOW), NOW.plus(Duration.ofDays(31)));
        store.putPart(new UploadPart("part_a", "upload_1", 100, NOW), NOW.plus(Duration.ofDays(31)));
        store.putPart(new UploadPart("part_x", "upload_10", 7, NOW), NOW.plus(Duration.ofDays(31)));

        assertEquals(List.of(new UploadPart("part_a", "upload_1", 100, NOW), new UploadPart("part_b", "upload_1", 200, NOW)),
                store.parts("upload_1"), "upload_10's part is not upload_1's, though its id starts alike");
        assertTrue(store.replaceUpload(upload.ended(Upload.Status.COMPLETED, "file-1"), Upload.Status.PENDING));
        assertFalse(store.replaceUpload(upload.ended(Upload.Status.CANCELLED, null), Upload.Status.PENDING),
                "a cancel that read it pending loses to the complete that came first");
        assertEquals(upload.ended(Upload.Status.COMPLETED, "file-1"), store.findUpload("upload_1").orElseThrow());
        assertEquals(NOW.plus(Duration.ofHours(1)).plus(DynamoBatchStore.RETENTION).getEpochSecond(),
                Long.parseLong(raw(StateTable.uploadSortKey("upload_1")).get(StateTable.TTL).n()));
    }
}
