package io.llmrouter.batch;

import java.util.Locale;

/** A batch's life, with OpenAI's names for each state. */
public enum BatchStatus {
    /** The input file is being read into items. */
    VALIDATING,
    /** The input file was refused as a whole (duplicate {@code custom_id}, too many requests, unreadable). */
    FAILED,
    IN_PROGRESS,
    /** Every item has ended; the output and error files are being written. */
    FINALIZING,
    COMPLETED,
    /** The completion window ended first; what had not run is in the error file. */
    EXPIRED,
    /** Cancelled: no new item starts; the ones running finish. */
    CANCELLING,
    CANCELLED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static BatchStatus fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** No runner has anything left to do. */
    public boolean terminal() {
        return this == FAILED || this == COMPLETED || this == EXPIRED || this == CANCELLED;
    }
}
