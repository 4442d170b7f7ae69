package io.llmrouter.batch;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Copies of a batch with one thing changed; the record itself stays plain data. */
final class BatchTransitions {

    private BatchTransitions() {
    }

    /** The batch in {@code status} since {@code at}, holding no lease. */
    static Batch to(Batch b, BatchStatus status, Instant at) {
        Map<BatchStatus, Instant> transitions = new EnumMap<>(BatchStatus.class);
        transitions.putAll(b.transitions());
        transitions.putIfAbsent(status, at);
        return new Batch(b.id(), b.endpoint(), b.inputFileId(), b.completionWindow(), status, b.createdAt(),
                b.expiresAt(), transitions, b.counts(), b.outputFileId(), b.errorFileId(), b.errors(), b.metadata(),
                null, b.spendUsd(), b.baselineUsd(), b.byTarget(), b.caller());
    }

    static Batch leased(Batch b, Instant until) {
        return new Batch(b.id(), b.endpoint(), b.inputFileId(), b.completionWindow(), b.status(), b.createdAt(),
                b.expiresAt(), b.transitions(), b.counts(), b.outputFileId(), b.errorFileId(), b.errors(), b.metadata(),
                until, b.spendUsd(), b.baselineUsd(), b.byTarget(), b.caller());
    }

    static Batch failed(Batch b, java.util.List<BatchError> errors, Instant at) {
        Batch failed = to(b, BatchStatus.FAILED, at);
        return new Batch(b.id(), b.endpoint(), b.inputFileId(), b.completionWindow(), BatchStatus.FAILED, b.createdAt(),
                b.expiresAt(), failed.transitions(), b.counts(), null, null, errors, b.metadata(), null, 0, null,
                Map.of(), b.caller());
    }

    /** The batch with its counts, spend and per-target tally taken from its items. */
    static Batch tallied(Batch b, Iterable<BatchItem> items) {
        int total = 0;
        int completed = 0;
        int failed = 0;
        double spend = 0;
        double baseline = 0;
        boolean baselineKnown = false;
        Map<String, Integer> byTarget = new java.util.TreeMap<>();
        for (BatchItem item : items) {
            total++;
            ItemResult result = item.result();
            if (item.state() != BatchItem.State.DONE || result == null) {
                continue;
            }
            if (result.succeeded()) {
                completed++;
            } else {
                failed++;
            }
            spend += result.costUsd();
            if (result.baselineUsd() != null) {
                baseline += result.baselineUsd();
                baselineKnown = true;
            }
            if (result.target() != null) {
                byTarget.merge(result.target(), 1, Integer::sum);
            }
        }
        return new Batch(b.id(), b.endpoint(), b.inputFileId(), b.completionWindow(), b.status(), b.createdAt(),
                b.expiresAt(), b.transitions(), new RequestCounts(total, completed, failed), b.outputFileId(),
                b.errorFileId(), b.errors(), b.metadata(), b.leaseUntil(), spend, baselineKnown ? baseline : null,
                byTarget, b.caller());
    }

    static Batch withFiles(Batch b, String outputFileId, String errorFileId) {
        return new Batch(b.id(), b.endpoint(), b.inputFileId(), b.completionWindow(), b.status(), b.createdAt(),
                b.expiresAt(), b.transitions(), b.counts(), outputFileId, errorFileId, b.errors(), b.metadata(),
                b.leaseUntil(), b.spendUsd(), b.baselineUsd(), b.byTarget(), b.caller());
    }
}
