package io.llmrouter.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner on DynamoDB Local: idle slots first, waiting, the window running down, cancel, a runner that dies. */
class BatchRunnerTest {

    /** Whose batches these are: an open router's one caller. */
    static final String CALLER = io.llmrouter.batch.Batch.ANONYMOUS;

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration LEASE = Duration.ofMinutes(2);

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final MemoryFileStore files = new MemoryFileStore();
    private DynamoBatchStore store;
    private BatchService service;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        StoreSettings settings = new StoreSettings(dynamo.tableName(), "p-" + System.nanoTime(), Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofHours(24));
        store = new DynamoBatchStore(dynamo.client(), settings);
        service = new BatchService(store, files, clock);
    }

    BatchRunner runner(FakeTargets targets) {
        return new BatchRunner(store, files, targets, BatchPlacement.DEFAULTS, List.of("idle-a", "busy-b", "idle-c"),
                LEASE, clock);
    }

    Batch submit(int requests) {
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < requests; i++) {
            content.append(BatchLinesTest.line("req-" + i)).append('\n');
        }
        BatchFile file = service.upload(CALLER, "in.jsonl", "batch", content.toString().getBytes(StandardCharsets.UTF_8));
        ObjectNode create = JSON.createObjectNode().put("input_file_id", file.id())
                .put("endpoint", "/v1/chat/completions").put("completion_window", "24h");
        return service.create(CALLER, create);
    }

    List<JsonNode> lines(String fileId) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        String content = new String(service.content(service.file(CALLER, fileId).orElseThrow()).orElseThrow(), StandardCharsets.UTF_8);
        for (String line : content.split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    Instant later() {
        return clock.instant().plusSeconds(600);
    }

    @Test
    void itemsFillIdleClusterSlotsOnlyAndEveryCustomIdIsAnsweredOnce() throws Exception {
        // idle-a: 4 slots, 1 busy, no queue: 2 free beyond the one kept for live traffic. busy-b has a queue.
        // idle-c: 2 slots, none busy: 1 free beyond the reserved one.
        FakeTargets targets = new FakeTargets(FakeTargets.cluster("idle-a", 4, 1, 0),
                FakeTargets.cluster("busy-b", 8, 2, 1), FakeTargets.cluster("idle-c", 2, 0, 0));
        Batch batch = submit(20);

        BatchRunner.Pass pass = runner(targets).runOnce(later());

        assertEquals(20, pass.itemsRun());
        Batch done = service.batch(CALLER, batch.id()).orElseThrow();
        assertEquals(BatchStatus.COMPLETED, done.status());
        assertEquals(new RequestCounts(20, 20, 0), done.counts());
        assertNull(done.errorFileId());
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode line : lines(done.outputFileId())) {
            seen.merge(line.path("custom_id").asText(), 1, Integer::sum);
            assertEquals(200, line.path("response").path("status_code").asInt());
            assertEquals("chat.completion", line.path("response").path("body").path("object").asText());
            assertTrue(line.path("error").isNull());
        }
        assertEquals(20, seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), seen.toString());
        assertTrue(targets.runs.values().stream().allMatch(n -> n.get() == 1), "each request ran once");
        assertEquals(Map.of("idle-a", 14, "idle-c", 6), Map.copyOf(done.byTarget()),
                "two slots of idle-a and one of idle-c per wave, none of busy-b");
        assertEquals(20 * 0.0001, done.spendUsd(), 1e-12);
        assertEquals(20 * 0.002, done.baselineUsd(), 1e-12);
        for (BatchStatus status : List.of(BatchStatus.IN_PROGRESS, BatchStatus.FINALIZING, BatchStatus.COMPLETED)) {
            assertNotNull(done.at(status), status.wireName());
        }
    }

    @Test
    void withNoIdleSlotTheItemsWaitUntilTheWindowRunsDownThenGoToTheCheapestTarget() {
        // Every cluster has a queue, or has no slot beyond the one kept for live traffic.
        FakeTargets targets = new FakeTargets(FakeTargets.cluster("idle-a", 4, 3, 0),
                FakeTargets.cluster("busy-b", 8, 8, 3), FakeTargets.cluster("idle-c", 1, 0, 0));
        Batch batch = submit(5);

        BatchRunner.Pass waiting = runner(targets).runOnce(later());

        assertEquals(0, waiting.itemsRun());
        assertEquals(5, waiting.itemsWaiting());
        assertEquals(BatchStatus.IN_PROGRESS, service.batch(CALLER, batch.id()).orElseThrow().status());
        assertEquals(List.of(), targets.placements);

        clock.advance(Duration.ofHours(17));
        assertEquals(0, runner(targets).runOnce(later()).itemsRun(), "7 h left of 24 h is not urgent yet");

        clock.advance(Duration.ofHours(2));
        BatchRunner.Pass urgent = runner(targets).runOnce(later());

        assertEquals(5, urgent.itemsRun());
        assertTrue(targets.placements.stream().allMatch(p -> p instanceof BatchPlacement.Choice.Cheapest));
        Batch done = service.batch(CALLER, batch.id()).orElseThrow();
        assertEquals(BatchStatus.COMPLETED, done.status());
        assertEquals(Map.of(FakeTargets.CHEAPEST, 5), Map.copyOf(done.byTarget()));
    }

    @Test
    void aRunnerThatDiesMidBatchLosesNothingItsItemsRunAgainAfterTheirLease() throws Exception {
        FakeTargets dying = new FakeTargets(FakeTargets.cluster("idle-a", 6, 0, 0));
        dying.dieAfter = 12;
        Batch batch = submit(30);

        assertThrows(Exception.class, () -> runner(dying).runOnce(later()));

        Batch halfway = service.batch(CALLER, batch.id()).orElseThrow();
        assertEquals(BatchStatus.IN_PROGRESS, halfway.status());
        List<BatchItem> items = store.items(batch.id());
        long done = items.stream().filter(i -> i.state() == BatchItem.State.DONE).count();
        long stranded = items.stream().filter(i -> i.state() == BatchItem.State.RUNNING).count();
        assertTrue(done >= 10 && done < 30, done + " done");
        assertTrue(stranded > 0, "the dead runner's claims hold until their lease passes");

        FakeTargets healthy = new FakeTargets(FakeTargets.cluster("idle-a", 6, 0, 0));
        runner(healthy).runOnce(later());
        assertEquals(30 - done - stranded, healthy.runs.size(), "within the lease only the unclaimed items run");

        clock.advance(LEASE.plusSeconds(1));
        runner(healthy).runOnce(later());

        Batch completed = service.batch(CALLER, batch.id()).orElseThrow();
        assertEquals(BatchStatus.COMPLETED, completed.status());
        assertEquals(new RequestCounts(30, 30, 0), completed.counts());
        List<String> ids = lines(completed.outputFileId()).stream().map(l -> l.path("custom_id").asText()).sorted().toList();
        assertEquals(30, ids.size());
        assertEquals(30, ids.stream().distinct().count());
        assertEquals(30 - done, healthy.runs.size(), "the survivor ran exactly what the dead runner had not finished");
    }

    @Test
    void pastItsWindowABatchExpiresWithWhatRanInTheOutputAndTheRestInTheErrorFile() throws Exception {
        FakeTargets targets = new FakeTargets(FakeTargets.cluster("idle-a", 3, 0, 0));
        Batch batch = submit(6);
        targets.dieAfter = 3;
        assertThrows(Exception.class, () -> runner(targets).runOnce(later()));
        FakeTargets none = new FakeTargets(FakeTargets.cluster("idle-a", 3, 0, 0));
        none.nowhere = true;

        clock.advance(Duration.ofHours(23));
        runner(none).runOnce(later());
        assertEquals(BatchStatus.IN_PROGRESS, service.batch(CALLER, batch.id()).orElseThrow().status(), "urgent, but nowhere to go");
        clock.advance(Duration.ofHours(1));
        runner(none).runOnce(later());

        Batch expired = service.batch(CALLER, batch.id()).orElseThrow();
        assertEquals(BatchStatus.EXPIRED, expired.status());
        assertNotNull(expired.at(BatchStatus.EXPIRED));
        // Two slots a wave: two answered, then one of the next two before the runner died.
        assertEquals(new RequestCounts(6, 3, 3), expired.counts());
        assertEquals(3, lines(expired.outputFileId()).size());
        List<JsonNode> errors = lines(expired.errorFileId());
        assertEquals(3, errors.size());
        assertTrue(errors.stream().allMatch(e -> e.path("error").path("code").asText().equals("batch_expired")
                && e.path("response").isNull()), errors.toString());
    }

    @Test
    void cancelStopsNewItemsAndKeepsTheFinishedOnes() throws Exception {
        FakeTargets targets = new FakeTargets(FakeTargets.cluster("idle-a", 3, 0, 0));
        Batch batch = submit(10);
        runner(targets).runOnce(clock.instant());   // validates only: the deadline has passed
        assertEquals(BatchStatus.IN_PROGRESS, service.batch(CALLER, batch.id()).orElseThrow().status());
        targets.dieAfter = 4;
        assertThrows(Exception.class, () -> runner(targets).runOnce(later()));

        Batch cancelling = service.cancel(CALLER, batch.id());
        assertEquals(BatchStatus.CANCELLING, cancelling.status());
        clock.advance(LEASE.plusSeconds(1));
        runner(new FakeTargets(FakeTargets.cluster("idle-a", 3, 0, 0))).runOnce(later());

        Batch cancelled = service.batch(CALLER, batch.id()).orElseThrow();
        assertEquals(BatchStatus.CANCELLED, cancelled.status());
        assertNotNull(cancelled.at(BatchStatus.CANCELLING));
        assertNotNull(cancelled.at(BatchStatus.CANCELLED));
        assertEquals(4, cancelled.counts().completed());
        assertEquals(4, lines(cancelled.outputFileId()).size(), "the finished items are kept");
        assertEquals(4, targets.runs.size(), "no item started after the cancel");
        assertEquals(cancelled, service.cancel(CALLER, batch.id()), "cancelling an ended batch changes nothing");
    }

    @Test
    void aBatchWithADuplicateCustomIdFailsAndOneWithBadLinesCompletesWithAnErrorFile() throws Exception {
        FakeTargets targets = new FakeTargets(FakeTargets.cluster("idle-a", 3, 0, 0));
        BatchFile duplicate = service.upload(CALLER, "dup.jsonl", "batch", (BatchLinesTest.line("x") + "\n" + BatchLinesTest.line("x"))
                .getBytes(StandardCharsets.UTF_8));
        Batch failing = service.create(CALLER, JSON.createObjectNode().put("input_file_id", duplicate.id())
                .put("endpoint", "/v1/chat/completions").put("completion_window", "24h"));
        BatchFile mixed = service.upload(CALLER, "mixed.jsonl", "batch", (BatchLinesTest.line("ok") + "\nnot json\n")
                .getBytes(StandardCharsets.UTF_8));
        Batch partly = service.create(CALLER, JSON.createObjectNode().put("input_file_id", mixed.id())
                .put("endpoint", "/v1/chat/completions").put("completion_window", "24h"));

        runner(targets).runOnce(later());

        Batch failed = service.batch(CALLER, failing.id()).orElseThrow();
        assertEquals(BatchStatus.FAILED, failed.status());
        assertEquals("duplicate_custom_id", failed.errors().get(0).code());
        assertTrue(failed.errors().get(0).message().contains("'x'"));
        assertNotNull(failed.at(BatchStatus.FAILED));
        Batch completed = service.batch(CALLER, partly.id()).orElseThrow();
        assertEquals(BatchStatus.COMPLETED, completed.status());
        assertEquals(new RequestCounts(2, 1, 1), completed.counts());
        JsonNode error = lines(completed.errorFileId()).get(0);
        assertEquals("invalid_json_line", error.path("error").path("code").asText());
        assertEquals(1, lines(completed.outputFileId()).size());
    }
}
