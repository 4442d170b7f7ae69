package io.llmrouter.forward;

import io.llmrouter.state.BreakerState;
import io.llmrouter.state.BreakerState.Position;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BreakerPolicyTest {

    static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
    final BreakerPolicy policy = new BreakerPolicy(3, Duration.ofSeconds(30), Duration.ofSeconds(100));

    @Test
    void opensAfterThresholdConsecutiveFailures() {
        BreakerState s1 = policy.afterFailure(null, "a", T0);
        assertEquals(Position.CLOSED, s1.state());
        assertEquals(1, s1.consecutiveFailures());
        assertEquals(1, s1.version());
        BreakerState s2 = policy.afterFailure(s1, "a", T0.plusSeconds(1));
        assertEquals(Position.CLOSED, s2.state());
        BreakerState s3 = policy.afterFailure(s2, "a", T0.plusSeconds(2));
        assertEquals(Position.OPEN, s3.state());
        assertEquals(T0.plusSeconds(32), s3.openUntil());
        assertEquals(3, s3.version());
        assertFalse(s3.admits(T0.plusSeconds(31)));
        assertTrue(s3.admits(T0.plusSeconds(32)), "a trial is let through once the cool-down passes");
        assertEquals(Position.HALF_OPEN, BreakerPolicy.effectivePosition(s3, T0.plusSeconds(40)));
        assertEquals(Position.OPEN, BreakerPolicy.effectivePosition(s3, T0.plusSeconds(10)));
    }

    @Test
    void aFailedTrialReopensForLongerUpToTheMaximum() {
        BreakerState open = new BreakerState("a", Position.OPEN, 3, T0.plusSeconds(30), T0, 3);
        BreakerState again = policy.afterFailure(open, "a", T0.plusSeconds(31));
        assertEquals(Position.OPEN, again.state());
        assertEquals(T0.plusSeconds(31 + 60), again.openUntil());
        BreakerState third = policy.afterFailure(again, "a", T0.plusSeconds(100));
        assertEquals(T0.plusSeconds(200), third.openUntil(), "capped at maxCooldown (100 s)");
    }

    @Test
    void aTrialIsClaimedUntilTheRequestsDeadlinePlusAGraceAndHoldsTheTargetUntilThen() {
        BreakerState open = new BreakerState("a", Position.OPEN, 3, T0.plusSeconds(30), T0, 3);
        Instant claimedAt = T0.plusSeconds(31);

        BreakerState claim = policy.trialClaim(open, claimedAt, Duration.ofSeconds(20));

        assertEquals(new BreakerState("a", Position.HALF_OPEN, 3, T0.plusSeconds(30), claimedAt, 4,
                claimedAt.plusSeconds(20).plus(BreakerPolicy.TRIAL_GRACE)), claim);
        Instant lapse = claim.trialUntil();
        assertFalse(claim.trialDue(lapse.minusMillis(1)));
        assertFalse(claim.admits(lapse.minusMillis(1)), "the trial under way holds every other request back");
        assertEquals(Position.HALF_OPEN, BreakerPolicy.effectivePosition(claim, lapse.minusMillis(1)));
        assertTrue(claim.trialDue(lapse), "a lapsed claim lets the next request claim a new trial");
        assertTrue(claim.admits(lapse));
        assertEquals(claimedAt.plus(BreakerPolicy.TRIAL_GRACE),
                policy.trialClaim(open, claimedAt, Duration.ofSeconds(-1)).trialUntil(),
                "a request past its deadline holds the claim for the grace only");
    }

    @Test
    void aClaimedTrialThatFailsReopensForTwiceTheCooldownItFollowedAndOneThatSucceedsCloses() {
        BreakerState open = policy.afterFailure(new BreakerState("a", Position.CLOSED, 2, null, T0, 2), "a", T0);
        BreakerState claim = policy.trialClaim(open, T0.plusSeconds(30), Duration.ofSeconds(20));

        BreakerState reopened = policy.afterFailure(claim, "a", T0.plusSeconds(35));
        assertEquals(new BreakerState("a", Position.OPEN, 4, T0.plusSeconds(35 + 60), T0.plusSeconds(35), 5), reopened);
        BreakerState secondClaim = policy.trialClaim(reopened, T0.plusSeconds(95), Duration.ofSeconds(20));
        assertEquals(T0.plusSeconds(97 + 100), policy.afterFailure(secondClaim, "a", T0.plusSeconds(97)).openUntil(),
                "120 s capped at maxCooldown (100 s)");

        BreakerState closed = policy.afterSuccess(claim, "a", T0.plusSeconds(33));
        assertEquals(new BreakerState("a", Position.CLOSED, 0, null, T0.plusSeconds(33), 5), closed);
        assertNull(closed.trialUntil());
    }

    @Test
    void aSuccessClosesAndResetsButACleanBreakerWritesNothing() {
        BreakerState open = new BreakerState("a", Position.OPEN, 3, T0.plusSeconds(30), T0, 7);
        BreakerState closed = policy.afterSuccess(open, "a", T0.plusSeconds(31));
        assertEquals(Position.CLOSED, closed.state());
        assertEquals(0, closed.consecutiveFailures());
        assertNull(closed.openUntil());
        assertEquals(8, closed.version());
        assertNull(policy.afterSuccess(closed, "a", T0.plusSeconds(32)));
        assertNull(policy.afterSuccess(null, "a", T0));
        BreakerState counting = policy.afterFailure(null, "a", T0);
        assertEquals(Position.CLOSED, policy.afterSuccess(counting, "a", T0).state(),
                "a success between failures resets the count");
    }

    @Test
    void rejectsNonsenseSettings() {
        assertThrows(IllegalArgumentException.class, () -> new BreakerPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new BreakerPolicy(1, Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new BreakerPolicy(1, Duration.ofSeconds(5), Duration.ofSeconds(1)));
    }
}
