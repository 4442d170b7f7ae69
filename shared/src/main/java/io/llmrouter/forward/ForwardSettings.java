package io.llmrouter.forward;

import java.time.Duration;

/**
 * Limits on forwarding one request.
 *
 * @param totalBudget       all attempts together, for an answer the client gets whole; the default leaves
 *                          a client that reads nothing until the end an answer within 30 s
 * @param headersTimeout    one attempt, until the upstream's response headers arrive; a slower
 *                          upstream counts as failed and the next candidate is tried
 * @param maxAttempts       candidates tried at most
 * @param streamBudget      all attempts together, for an answer streamed to the client as it is generated
 *                          (a function URL streams for up to the function's 15-minute timeout)
 * @param streamIdleTimeout the longest a relayed stream may go without a byte from the upstream before it
 *                          counts as stalled: a hung upstream must not hold (and bill) the function for the
 *                          whole stream budget
 */
public record ForwardSettings(Duration totalBudget, Duration headersTimeout, int maxAttempts,
                              Duration streamBudget, Duration streamIdleTimeout) {

    public static final Duration DEFAULT_STREAM_BUDGET = Duration.ofSeconds(870);
    public static final Duration DEFAULT_STREAM_IDLE_TIMEOUT = Duration.ofSeconds(60);

    /** Settings whose streams get the default stream budget and idle timeout. */
    public ForwardSettings(Duration totalBudget, Duration headersTimeout, int maxAttempts) {
        this(totalBudget, headersTimeout, maxAttempts, DEFAULT_STREAM_BUDGET, DEFAULT_STREAM_IDLE_TIMEOUT);
    }

    public static ForwardSettings defaults() {
        return new ForwardSettings(Duration.ofSeconds(27), Duration.ofSeconds(20), 3);
    }
}
