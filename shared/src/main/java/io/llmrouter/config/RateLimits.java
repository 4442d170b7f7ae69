package io.llmrouter.config;

/**
 * How fast an API key (admin API) or a target ({@code limits.targets} in config) may be sent requests,
 * counted per UTC minute across every router instance.
 *
 * @param rpm requests per minute, positive; null: no limit
 * @param tpm tokens (prompt and completion) per minute, positive; null: no limit
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
