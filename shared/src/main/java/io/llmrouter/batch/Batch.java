package io.llmrouter.batch;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A batch, with what OpenAI's {@code batch} object shows of it and what this router adds: what its requests cost,
 * what they would have cost at {@code router.savingsBaseline}, and how many ran on each target.
 *
 * @param leaseUntil  while finalizing: until when the runner writing the files holds the batch; null otherwise
 * @param spendUsd    what the answered requests cost
 * @param baselineUsd what they would have cost at the savings baseline; null without a baseline price
 * @param byTarget    requests answered per target
 * @param caller      whose batch it is: the scope of the key that created it ({@code key:<id>}, {@code client:<name>}
 *                    or {@code anonymous}); only that caller sees, cancels or reads it
 */
public record Batch(String id, String endpoint, String inputFileId, String completionWindow, BatchStatus status,
                    Instant createdAt, Instant expiresAt, Map<BatchStatus, Instant> transitions,
                    RequestCounts counts, String outputFileId, String errorFileId, List<BatchError> errors,
                    Map<String, String> metadata, Instant leaseUntil, double spendUsd, Double baselineUsd,
                    Map<String, Integer> byTarget, String caller) {

    public Batch {
        transitions = Map.copyOf(transitions);
        errors = List.copyOf(errors);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        byTarget = Map.copyOf(byTarget);
        caller = caller == null ? ANONYMOUS : caller;
    }

    /** Everyone an open router serves without a key it knows: one caller to it. */
    public static final String ANONYMOUS = "anonymous";

    /** When the batch entered {@code status}; null when it never did. */
    public Instant at(BatchStatus status) {
        return transitions.get(status);
    }
}
