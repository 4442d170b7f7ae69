package io.llmrouter.batch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One pass of the batch runner, as each scheduled invocation of the batch-runner function makes it: every batch that
 * has not ended moves on as far as it can before {@code deadline}.
 *
 * <ul>
 *   <li>{@code validating}: its input file is read into items ({@link BatchLines}); a file refused as a whole fails
 *       the batch.</li>
 *   <li>{@code in_progress}: items run in waves. Each wave places items where {@link BatchPlacement} allows (idle
 *       cluster slots; the cheapest target once the window runs down), claims each with a conditional write and a
 *       lease, runs them at once through the {@link ItemExecutor}, and records each result under the condition
 *       that the claim still holds. A pass with nowhere to place an item ends, and the next one tries again. An
 *       item its key's budget or rate limit holds back is not placed either: it waits, like one with no idle slot,
 *       for a pass after the limit's minute or period rolls over.</li>
 *   <li>When every item has ended (or the batch is {@code cancelling} and none is running), the output and error
 *       files are written and the batch ends; past its window it {@code expired}, the items that never ran in its
 *       error file.</li>
 * </ul>
 * A runner that dies anywhere loses nothing: its claimed items are claimed again once their lease passes, file
 * ids are fixed per batch so that writing them twice writes the same files, and the batch's end is a conditional
 * write.
 */
public final class BatchRunner {

    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);
    /** After this many claims an item that keeps failing on every target is answered with its last failure. */
    static final int MAX_ATTEMPTS = 3;

    private final BatchStore store;
    private final FileStore files;
    private final ItemExecutor executor;
    private final BatchPlacement placement;
    private final List<String> clusters;
    private final Duration lease;
    private final Clock clock;
    private final String owner = "runner-" + UUID.randomUUID();

    /**
     * @param clusters the configured clusters, in the order idle slots are filled
     * @param lease    how long a claimed item is this runner's: longer than one request may take
     */
    public BatchRunner(BatchStore store, FileStore files, ItemExecutor executor, BatchPlacement placement,
                       List<String> clusters, Duration lease, Clock clock) {
        this.store = store;
        this.files = files;
        this.executor = executor;
        this.placement = placement;
        this.clusters = List.copyOf(clusters);
        this.lease = lease;
        this.clock = clock;
    }

    /** What one pass did, for the function's log and its tests. */
    public record Pass(int batches, int itemsRun, int itemsWaiting, int batchesEnded) {
    }

    public Pass runOnce(Instant deadline) {
        int batches = 0;
        int run = 0;
        int waiting = 0;
        int ended = 0;
        for (Batch batch : store.listBatches()) {
            if (batch.status().terminal()) {
                continue;
            }
            batches++;
            Batch current = batch;
            if (current.status() == BatchStatus.VALIDATING) {
                current = validate(current);
            }
            if (current == null || current.status().terminal()) {
                ended++;
                continue;
            }
            Progress progress = current.status() == BatchStatus.IN_PROGRESS && clock.instant().isBefore(current.expiresAt())
                    ? runItems(current, deadline) : new Progress(0, store.items(current.id()));
            run += progress.run;
            Optional<Batch> end = endIfDone(current.id(), progress.items);
            if (end.isPresent() && end.get().status().terminal()) {
                ended++;
            } else {
                waiting += (int) progress.items.stream().filter(i -> i.state() != BatchItem.State.DONE).count();
            }
        }
        return new Pass(batches, run, waiting, ended);
    }

    private record Progress(int run, List<BatchItem> items) {
    }

    /** Reads the input file into items: the batch goes {@code in_progress}, or {@code failed} with why. */
    private Batch validate(Batch batch) {
        byte[] content = store.findFile(batch.inputFileId()).flatMap(f -> files.get(f.storageKey())).orElse(null);
        Instant now = clock.instant();
        if (content == null) {
            Batch failed = BatchTransitions.failed(batch, List.of(new BatchError("file_not_found",
                    "The input file '" + batch.inputFileId() + "' cannot be read.", "input_file_id", null)), now);
            return store.replaceBatch(failed, BatchStatus.VALIDATING, null) ? failed : reread(batch);
        }
        BatchLines.Parsed parsed = BatchLines.parse(batch.id(), content, batch.endpoint());
        if (!parsed.errors().isEmpty()) {
            Batch failed = BatchTransitions.failed(batch, parsed.errors(), now);
            LOG.info("batch {} failed validation: {}", batch.id(), parsed.errors().get(0).message());
            return store.replaceBatch(failed, BatchStatus.VALIDATING, null) ? failed : reread(batch);
        }
        store.putItems(parsed.items(), batch.expiresAt().plus(DynamoBatchStore.RETENTION));
        Batch started = BatchTransitions.tallied(BatchTransitions.to(batch, BatchStatus.IN_PROGRESS, now), parsed.items());
        LOG.info("batch {} in progress: {} requests", batch.id(), parsed.items().size());
        return store.replaceBatch(started, BatchStatus.VALIDATING, null) ? started : reread(batch);
    }

    private Batch reread(Batch batch) {
        return store.findBatch(batch.id()).orElse(null);
    }

    /**
     * Runs waves of items until none can be placed, the batch is no longer in progress, or the deadline. The items are
     * read once per pass; each wave's claims and results update this runner's copy, so that a wave costs the writes
     * of its own items, not a read of the whole batch. Items another runner claimed first are left to it.
     */
    private Progress runItems(Batch batch, Instant deadline) {
        int run = 0;
        Map<Integer, BatchItem> items = new LinkedHashMap<>();
        store.items(batch.id()).forEach(item -> items.put(item.index(), item));
        Set<Integer> takenElsewhere = new HashSet<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            while (clock.instant().isBefore(deadline)) {
                Instant now = clock.instant();
                List<BatchItem> claimable = items.values().stream()
                        .filter(i -> !takenElsewhere.contains(i.index()) && claimable(i, now)).toList();
                if (claimable.isEmpty()) {
                    break;
                }
                // Read again each wave: a cancel stops the next wave, and the counts give the pace so far.
                Optional<Batch> fresh = store.findBatch(batch.id());
                if (fresh.isEmpty() || fresh.get().status() != BatchStatus.IN_PROGRESS) {
                    break;
                }
                List<BatchPlacement.Choice> wave = placements(fresh.get(), now, claimable.size());
                if (wave.isEmpty()) {
                    break;
                }
                Map<BatchItem, Future<BatchItem>> running = new LinkedHashMap<>();
                Iterator<BatchItem> next = claimable.iterator();
                for (BatchPlacement.Choice choice : wave) {
                    BatchItem item = next.next();
                    running.put(item, threads.submit(() -> runItem(batch.caller(), item, choice)));
                }
                int ran = 0;
                for (Map.Entry<BatchItem, Future<BatchItem>> wait : running.entrySet()) {
                    BatchItem after = wait.getValue().get();
                    if (after == null) {
                        takenElsewhere.add(wait.getKey().index());
                    } else {
                        items.put(after.index(), after);
                        ran += after.state() == BatchItem.State.DONE ? 1 : 0;
                    }
                }
                run += ran;
                record(batch.id(), items.values());
                if (ran == 0) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("a batch item failed unexpectedly", e.getCause());
        }
        return new Progress(run, List.copyOf(items.values()));
    }

    private static boolean claimable(BatchItem item, Instant now) {
        return item.state() == BatchItem.State.PENDING
                || item.state() == BatchItem.State.RUNNING && item.leaseUntil() != null && item.leaseUntil().isBefore(now);
    }

    /** Where the next wave's items go: one choice per item, at most {@code available}. */
    private List<BatchPlacement.Choice> placements(Batch batch, Instant now, int available) {
        List<BatchPlacement.Choice> wave = new ArrayList<>();
        if (placement.urgent(batch, now, available)) {
            for (int i = 0; i < Math.min(available, placement.urgentParallelism()); i++) {
                wave.add(new BatchPlacement.Choice.Cheapest());
            }
            return wave;
        }
        for (Map.Entry<String, Integer> idle : placement.idleSlots(executor.routingState(), clusters).entrySet()) {
            for (int slot = 0; slot < idle.getValue() && wave.size() < available; slot++) {
                wave.add(new BatchPlacement.Choice.IdleCluster(idle.getKey()));
            }
        }
        return wave;
    }

    /**
     * Claims, runs and records one item.
     *
     * @return the item as it now is (ended, or given back to be claimed again); null when another runner holds it
     */
    private BatchItem runItem(String caller, BatchItem item, BatchPlacement.Choice choice) {
        Instant now = clock.instant();
        Optional<BatchItem> claimed = store.claim(item, owner, now.plus(lease), now);
        if (claimed.isEmpty()) {
            return null;
        }
        ItemExecutor.Outcome outcome;
        try {
            outcome = executor.run(caller, item.body(), choice);
        } catch (RuntimeException e) {
            LOG.warn("batch item {}#{} failed in the router: {}", item.batchId(), item.index(), e.toString());
            outcome = new ItemExecutor.Outcome.Retry(e.toString());
        }
        ItemResult result = switch (outcome) {
            case ItemExecutor.Outcome.Done done -> done.result();
            case ItemExecutor.Outcome.NotPlaced notPlaced -> null;
            case ItemExecutor.Outcome.Retry retry -> claimed.get().attempts() >= MAX_ATTEMPTS
                    ? new ItemResult(502, failure(retry.why()), null, 0, null) : null;
        };
        BatchItem mine = claimed.get();
        if (result == null) {
            boolean tried = outcome instanceof ItemExecutor.Outcome.Retry;
            return store.release(mine, owner, tried) ? withState(mine, BatchItem.State.PENDING, null) : null;
        }
        return store.finish(mine, owner, result) ? withState(mine, BatchItem.State.DONE, result) : null;
    }

    private static BatchItem withState(BatchItem item, BatchItem.State state, ItemResult result) {
        return new BatchItem(item.batchId(), item.index(), item.customId(), item.body(), state, null, null,
                item.attempts(), result);
    }

    private static String failure(String why) {
        com.fasterxml.jackson.databind.node.ObjectNode root = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        com.fasterxml.jackson.databind.node.ObjectNode error = root.putObject("error");
        error.put("message", "Every target failed, " + MAX_ATTEMPTS + " times: " + why);
        error.put("type", "server_error");
        error.putNull("param");
        error.put("code", "upstream_failed");
        return root.toString();
    }

    /** Writes the batch's counts, spend and per-target tally while it is in progress. */
    private void record(String batchId, Iterable<BatchItem> items) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Batch batch = store.findBatch(batchId).orElse(null);
            if (batch == null || batch.status() != BatchStatus.IN_PROGRESS && batch.status() != BatchStatus.CANCELLING) {
                return;
            }
            if (store.replaceBatch(BatchTransitions.tallied(batch, items), batch.status(), null)) {
                return;
            }
        }
    }

    /**
     * Ends the batch when nothing is left to run: completed when every item ended, cancelled once a cancelling
     * batch has no running item, expired past its window. The runner that wins the batch's lease writes the files.
     */
    private Optional<Batch> endIfDone(String batchId, List<BatchItem> items) {
        Batch batch = store.findBatch(batchId).orElse(null);
        if (batch == null || batch.status().terminal()) {
            return Optional.ofNullable(batch);
        }
        Instant now = clock.instant();
        boolean allDone = items.stream().allMatch(i -> i.state() == BatchItem.State.DONE);
        boolean noneRunning = items.stream().noneMatch(i -> i.state() == BatchItem.State.RUNNING
                && i.leaseUntil() != null && i.leaseUntil().isAfter(now));
        BatchStatus end;
        if (batch.status() == BatchStatus.CANCELLING && noneRunning) {
            end = BatchStatus.CANCELLED;
        } else if (batch.status() == BatchStatus.IN_PROGRESS && allDone || batch.status() == BatchStatus.FINALIZING) {
            end = BatchStatus.COMPLETED;
        } else if (batch.status() == BatchStatus.IN_PROGRESS && !now.isBefore(batch.expiresAt()) && noneRunning) {
            end = BatchStatus.EXPIRED;
        } else {
            return Optional.of(batch);
        }
        Batch holding = end == BatchStatus.COMPLETED && batch.status() == BatchStatus.IN_PROGRESS
                ? BatchTransitions.to(batch, BatchStatus.FINALIZING, now) : batch;
        holding = BatchTransitions.leased(holding, now.plus(lease));
        if (!store.replaceBatch(holding, batch.status(), now)) {
            return store.findBatch(batchId);
        }
        List<BatchItem> latest = store.items(batchId);
        Batch ended = BatchTransitions.tallied(holding, latest);
        StringBuilder output = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        for (BatchItem item : latest) {
            ItemResult result = item.state() == BatchItem.State.DONE ? item.result()
                    : end == BatchStatus.EXPIRED ? BatchJson.expired() : null;
            if (result == null) {
                continue;
            }
            (result.succeeded() ? output : errors).append(BatchJson.resultLine(batch, item, result)).append('\n');
        }
        String suffix = batch.id().substring(batch.id().indexOf('_') + 1);
        String outputId = output.isEmpty() ? null
                : writeFile("file-" + suffix + "-output", batchId + "_output.jsonl", output, now, batch.caller());
        String errorId = errors.isEmpty() ? null
                : writeFile("file-" + suffix + "-errors", batchId + "_error.jsonl", errors, now, batch.caller());
        Batch done = BatchTransitions.withFiles(BatchTransitions.to(ended, end, clock.instant()), outputId, errorId);
        if (end == BatchStatus.EXPIRED) {
            int notRun = (int) latest.stream().filter(i -> i.state() != BatchItem.State.DONE).count();
            done = new Batch(done.id(), done.endpoint(), done.inputFileId(), done.completionWindow(), done.status(),
                    done.createdAt(), done.expiresAt(), done.transitions(), new RequestCounts(done.counts().total(),
                    done.counts().completed(), done.counts().failed() + notRun), done.outputFileId(),
                    done.errorFileId(), done.errors(), done.metadata(), null, done.spendUsd(), done.baselineUsd(),
                    done.byTarget(), done.caller());
        }
        if (!store.replaceBatch(done, holding.status(), null)) {
            return store.findBatch(batchId);
        }
        LOG.info("batch {} {}: {} completed, {} failed, ${} spent", batchId, end.wireName(), done.counts().completed(),
                done.counts().failed(), done.spendUsd());
        return Optional.of(done);
    }

    /** The batch's output or error file, its caller's like the batch. */
    private String writeFile(String id, String filename, StringBuilder lines, Instant now, String caller) {
        byte[] content = lines.toString().getBytes(StandardCharsets.UTF_8);
        BatchFile file = new BatchFile(id, filename, BatchFile.OUTPUT_PURPOSE, content.length, now, caller);
        files.put(file.storageKey(), content);
        store.putFile(file);
        return id;
    }
}
