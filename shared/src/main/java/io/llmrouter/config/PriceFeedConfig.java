package io.llmrouter.config;

import java.time.Duration;

/**
 * A source of provider token prices read by cost-refresh.
 *
 * @param name       a label for logs and metrics
 * @param format     the feed's wire format
 * @param location   an http(s) URL or a file path
 * @param timeout    how long a fetch may take before the last good prices are kept
 * @param maxJumpFactor a price that moves by more than this factor from the last good one is rejected
 */
public record PriceFeedConfig(String name, PriceFeedFormat format, String location, Duration timeout,
                              double maxJumpFactor) {
}
