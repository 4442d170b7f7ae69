package io.llmrouter.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PollPlanTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aMinuteScheduleIsCoveredWithRoundsOneIntervalApart() {
        assertEquals(30, new PollPlan(MINUTE, Duration.ofSeconds(2)).rounds());
        assertEquals(12, new PollPlan(MINUTE, Duration.ofSeconds(5)).rounds());
        assertEquals(4, new PollPlan(MINUTE, Duration.ofSeconds(15)).rounds());
        assertEquals(2, new PollPlan(MINUTE, Duration.ofSeconds(30)).rounds());
        assertEquals(Duration.ofSeconds(58), new PollPlan(MINUTE, Duration.ofSeconds(2)).offset(29));
    }

    @Test
    void anIntervalThatDoesNotDivideTheMinuteStillStartsItsLastRoundBeforeTheNextInvocation() {
        PollPlan plan = new PollPlan(MINUTE, Duration.ofSeconds(7));

        assertEquals(9, plan.rounds());
        assertEquals(Duration.ofSeconds(56), plan.offset(8));
        // 4 s from the last round to the next invocation, plus 1 s late: within the 7 s interval.
        assertEquals(Duration.ofSeconds(7), plan.longestGap(Duration.ofSeconds(1)));
    }

    @Test
    void theLongestGapIsOneIntervalPlusALateStartAcrossInvocations() {
        assertEquals(Duration.ofSeconds(3), new PollPlan(MINUTE, Duration.ofSeconds(2)).longestGap(Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(31), new PollPlan(MINUTE, Duration.ofSeconds(30)).longestGap(Duration.ofSeconds(1)));
    }

    @Test
    void anIntervalLongerThanTheSchedulePollsOnTheSchedule() {
        PollPlan plan = new PollPlan(MINUTE, Duration.ofMinutes(2));

        assertEquals(1, plan.rounds());
        assertEquals(Duration.ofSeconds(61), plan.longestGap(Duration.ofSeconds(1)));
    }

    @Test
    void aSchedulerThatRunsAtTheIntervalGetsOneRoundPerInvocation() {
        assertEquals(1, new PollPlan(Duration.ofSeconds(2), Duration.ofSeconds(2)).rounds());
    }

    @Test
    void zeroDurationsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PollPlan(Duration.ZERO, Duration.ofSeconds(2)));
        assertThrows(IllegalArgumentException.class, () -> new PollPlan(MINUTE, Duration.ZERO));
    }
}
