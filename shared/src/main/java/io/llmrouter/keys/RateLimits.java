package io.llmrouter.keys;

/**
 * How fast a key may send. Stored and validated; enforcing them comes with the spend tracking.
 *
 * @param rpm requests per minute, positive; null: no limit
 * @param tpm tokens per minute, positive; null: no limit
 */
public record RateLimits(Integer rpm, Integer tpm) {

    public RateLimits {
        if (rpm != null && rpm <= 0 || tpm != null && tpm <= 0) {
            throw new IllegalArgumentException("rate limits must be positive, were rpm=" + rpm + ", tpm=" + tpm);
        }
    }

    public boolean isEmpty() {
        return rpm == null && tpm == null;
    }
}
