package io.llmrouter.batch;

import java.time.Instant;

/**
 * A file sent in parts, as OpenAI's {@code upload} object describes it: created with its name and size, given
 * parts ({@link UploadPart}), then completed into a {@link BatchFile} or cancelled.
 *
 * @param bytes  the size declared at creation, which the completed parts must add up to
 * @param status as stored: a pending upload past {@link #expiresAt()} reads as expired ({@link #statusAt})
 * @param fileId the file it became, once completed
 * @param caller whose upload it is (see {@link Batch#caller()})
 */
public record Upload(String id, String filename, String purpose, long bytes, String mimeType, Instant createdAt,
                     Instant expiresAt, Status status, String fileId, String caller) {

    public enum Status {
        PENDING, COMPLETED, CANCELLED, EXPIRED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Nothing marks an upload expired when its hour passes, so its status is read against the clock. */
    public Status statusAt(Instant now) {
        return status == Status.PENDING && !now.isBefore(expiresAt) ? Status.EXPIRED : status;
    }

    public Upload ended(Status ended, String file) {
        return new Upload(id, filename, purpose, bytes, mimeType, createdAt, expiresAt, ended, file, caller);
    }

    /** Where a part's bytes are kept until the upload completes or is cancelled. */
    public String partStorageKey(String partId) {
        return "uploads/" + id + "/" + partId;
    }
}
