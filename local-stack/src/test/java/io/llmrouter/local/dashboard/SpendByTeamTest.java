package io.llmrouter.local.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local dashboard's spend by team: the CostUSD of the route function's team document, per bucket. */
class SpendByTeamTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
    private final MetricsBoard board = new MetricsBoard(clock, Duration.ofSeconds(10));

    static RequestOutcome outcome(String team, Double usd) {
        return new RequestOutcome("r", "POST /v1/chat/completions", 200, "gpu", "cheapest", "auto", 1, 0, 1_000_000,
                900_000, 10, 5, usd, null, null, null, "tiny",
                team == null ? RequestOutcome.Caller.NONE : new RequestOutcome.Caller("key_0123456789abcdef", team, Map.of()));
    }

    @Test
    void eachTeamsSpendIsASeriesWithGapsWhereItSpentNothing() {
        board.observe(outcome("research", 0.25));
        board.observe(outcome("research", 0.5));
        board.observe(outcome(null, 0.125));
        clock.advance(Duration.ofSeconds(10));
        board.observe(outcome(null, 1.0));
        board.observe(outcome("research", null));

        JsonNode spend = DashboardData.of(board).path("spendByTeam");
        assertEquals("[0.75,null]", spend.path("research").toString());
        assertEquals("[0.125,1.0]", spend.path("none").toString());
        assertEquals(2, spend.size());
    }

    @Test
    void requestsThatWereNotRoutedAreNoTeamsSpend() {
        board.observe(new RequestOutcome("r", "GET /v1/models", 200, null, null, null, 0, 0, 1, 0, null, null, 0.5,
                null, null, null, null, RequestOutcome.Caller.NONE));
        JsonNode data = DashboardData.of(board);
        assertTrue(data.path("spendByTeam").isObject());
        assertFalse(data.path("spendByTeam").fieldNames().hasNext());
    }
}
