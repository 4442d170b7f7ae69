package io.llmrouter.batch;

import java.time.Instant;

/**
 * One request of a batch, from one line of its input file.
 *
 * @param index      the line's position (0-based): the item's key, so that reading the file again writes the same items
 * @param body       the request body as the line gave it (JSON text)
 * @param leaseUntil while {@link State#RUNNING}: until when its runner holds it; after that, another may claim it
 * @param attempts   how many times a runner claimed it
 * @param result     how it ended; null until it has
 */
public record BatchItem(String batchId, int index, String customId, String body, State state, String owner,
                        Instant leaseUntil, int attempts, ItemResult result) {

    public enum State { PENDING, RUNNING, DONE }
}
