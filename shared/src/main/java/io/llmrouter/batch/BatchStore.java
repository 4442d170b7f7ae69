package io.llmrouter.batch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where batches, their items and the files' descriptions are kept (DynamoDB when deployed, see
 * {@link DynamoBatchStore}). Every change a runner makes is conditional, so two runners never both own an item or
 * both finalize a batch. A failing store throws {@link io.llmrouter.state.RoutingStateUnavailableException}.
 */
public interface BatchStore {

    void putFile(BatchFile file);

    /** A file's description; empty once it has been deleted. */
    Optional<BatchFile> findFile(String id);

    /** Every file not deleted, newest first. */
    List<BatchFile> listFiles();

    /**
     * Marks a file deleted: it is found and listed no more, and its description expires now (DynamoDB TTL removes
     * it; the routing-state policy allows no DeleteItem).
     *
     * @return false when there was no such file, or it was deleted already
     */
    boolean deleteFile(String id, Instant now);

    /** @return false when a batch with its id exists */
    boolean createBatch(Batch batch);

    Optional<Batch> findBatch(String id);

    /** Every batch, newest first. */
    List<Batch> listBatches();

    /**
     * Replaces the batch if it is still in {@code expected} and, when {@code leaseFreeAt} is given, no other runner
     * holds it past that instant.
     *
     * @return false when another change came first
     */
    boolean replaceBatch(Batch updated, BatchStatus expected, Instant leaseFreeAt);

    /**
     * Writes items; writing the same items again changes nothing.
     *
     * @param keepUntil when the store may forget them (their batch's end plus the files' retention)
     */
    void putItems(List<BatchItem> items, Instant keepUntil);

    /** The batch's items, in line order. */
    List<BatchItem> items(String batchId);

    /**
     * Claims an item for {@code owner} until {@code leaseUntil}: it must be pending, or running under a lease that
     * has passed at {@code now}.
     *
     * @return the claimed item, or empty when another runner holds it or it has ended
     */
    Optional<BatchItem> claim(BatchItem item, String owner, Instant leaseUntil, Instant now);

    /** Records how a claimed item ended; false when {@code owner} lost it meanwhile (its lease passed). */
    boolean finish(BatchItem item, String owner, ItemResult result);

    /**
     * Gives a claimed item back without a result, to be claimed again; false when {@code owner} no longer holds it.
     *
     * @param tried whether the item was sent and failed: then the claim counts as one of its attempts; an item that
     *              only waited (no idle slot, a limit holding it back) gets its attempt back, so waiting never uses
     *              up the tries it has against failing targets
     */
    boolean release(BatchItem item, String owner, boolean tried);

    /** @return false when an upload with its id exists */
    boolean createUpload(Upload upload);

    Optional<Upload> findUpload(String id);

    /**
     * Replaces the upload if its stored status is still {@code expected}: completing and cancelling never both win.
     *
     * @return false when another change came first
     */
    boolean replaceUpload(Upload updated, Upload.Status expected);

    /** @param keepUntil when the store may forget it (its upload's end plus the files' retention) */
    void putPart(UploadPart part, Instant keepUntil);

    /** The upload's parts, in no particular order: the order is the one {@code complete} names. */
    List<UploadPart> parts(String uploadId);
}
