package io.llmrouter.batch;

import java.time.Instant;

/**
 * An uploaded or generated file, as OpenAI's {@code file} object describes it; its bytes are in the
 * {@link FileStore} under {@link #storageKey()}.
 *
 * @param purpose {@code batch} for an uploaded input file, {@code batch_output} for the files a batch writes
 * @param caller  whose file it is (see {@link Batch#caller()}): the uploader's, or the batch's that wrote it
 */
public record BatchFile(String id, String filename, String purpose, long bytes, Instant createdAt, String caller) {

    public BatchFile {
        caller = caller == null ? Batch.ANONYMOUS : caller;
    }

    public static final String INPUT_PURPOSE = "batch";
    public static final String OUTPUT_PURPOSE = "batch_output";

    public String storageKey() {
        return "files/" + id;
    }
}
