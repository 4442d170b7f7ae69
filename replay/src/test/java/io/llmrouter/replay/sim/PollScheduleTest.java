package io.llmrouter.replay.sim;

import io.llmrouter.health.PollPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PollScheduleTest {

    @Test
    void roundsFollowEachInvocationsPlanAndRestartWithTheNextInvocation() {
        // Invoked every minute, a round every 25 s: rounds at 0, 25, 50 s of each invocation.
        Replay.PollSchedule schedule = new Replay.PollSchedule(
                new PollPlan(Duration.ofMinutes(1), Duration.ofSeconds(25)), Duration.ofMinutes(1));
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            times.add(schedule.next());
        }
        // Round 0 at 0 s runs before the first request; the schedule gives the ones after it.
        assertEquals(List.of(25.0, 50.0, 60.0, 85.0, 110.0, 120.0), times);
    }
}
