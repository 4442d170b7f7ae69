package io.llmrouter.forward;

import java.time.Duration;

/**
 * Limits on forwarding one request.
 *
 * @param totalBudget     all attempts together; API Gateway gives an integration 30 s, so the
 *                        default leaves room to answer before it gives up on us
 * @param headersTimeout  one attempt, until the upstream's response headers arrive; a slower
 *                        upstream counts as failed and the next candidate is tried
 * @param maxAttempts     candidates tried at most
 */
public record ForwardSettings(Duration totalBudget, Duration headersTimeout, int maxAttempts) {

    public static ForwardSettings defaults() {
        return new ForwardSettings(Duration.ofSeconds(27), Duration.ofSeconds(20), 3);
    }
}
