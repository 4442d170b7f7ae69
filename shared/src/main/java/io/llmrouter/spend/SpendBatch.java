package io.llmrouter.spend;

import java.util.List;
import java.util.UUID;

/**
 * Increments written together, at most {@link #MAX_LINES} (DynamoDB's limit of actions in one transaction),
 * each to a different bucket. The token makes a resent batch idempotent: DynamoDB applies a transaction
 * whose token it has already seen succeed (within ten minutes) only once, so a flush that failed after
 * DynamoDB applied it, and is retried, is not counted twice.
 *
 * @param token the transaction's ClientRequestToken, the same for every try of this batch
 */
public record SpendBatch(String token, List<SpendLine> lines) {

    public static final int MAX_LINES = 100;

    public SpendBatch {
        lines = List.copyOf(lines);
        if (lines.isEmpty() || lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("a spend batch holds 1 to " + MAX_LINES + " lines, not " + lines.size());
        }
        if (lines.stream().map(SpendLine::key).distinct().count() != lines.size()) {
            throw new IllegalArgumentException("a spend batch adds to each bucket once");
        }
    }

    static SpendBatch of(List<SpendLine> lines) {
        return new SpendBatch(UUID.randomUUID().toString(), lines);
    }

    double usd() {
        return lines.stream().mapToDouble(line -> line.amount().usd()).sum();
    }
}
