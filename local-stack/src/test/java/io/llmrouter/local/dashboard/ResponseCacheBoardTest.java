package io.llmrouter.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The local dashboard's response cache chart: CacheHits, CacheMisses and CacheSavedUSD per bucket. */
class ResponseCacheBoardTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final MetricsBoard board = new MetricsBoard(clock, Duration.ofSeconds(10));

    static RequestOutcome outcome(String cache, double cost, Double savings) {
        return new RequestOutcome("r", "POST /v1/chat/completions", 200, cache.equals("hit") ? null : "gpu", "why",
                "tiny", cache.equals("hit") ? 0 : 1, 0, 1_000_000, 0, null, null, cost, savings, null, null, "tiny",
                RequestOutcome.Caller.NONE, null, cache);
    }

    @Test
    void hitsMissesAndWhatTheHitsSavedArePerBucketAndBypassesInNeither() {
        board.observe(outcome("miss", 0.25, null));
        board.observe(outcome("hit", 0, 0.25));
        board.observe(outcome("hit", 0, 0.25));
        board.observe(outcome("bypass", 0.5, null));
        clock.advance(Duration.ofSeconds(10));
        board.observe(outcome("miss", 0.125, null));

        JsonNode data = DashboardData.of(board);
        JsonNode cache = data.path("cache");
        assertEquals("[2.0,0.0]", cache.path("hits").toString());
        assertEquals("[1.0,1.0]", cache.path("misses").toString());
        assertEquals("[0.5,0.0]", cache.path("savedUsd").toString());
        assertEquals(2, data.path("totals").path("cacheHits").asInt());
        assertEquals(0.5, data.path("totals").path("cacheSavedUsd").asDouble());
    }
}
