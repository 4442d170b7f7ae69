package io.llmrouter.routing;

import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The requests in flight and ended around a probe, as the probe times change under them. */
class LiveEvidenceInFlightTest {

    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final LiveEvidence evidence = new LiveEvidence();

    @Test
    void countsFollowEachProbeTimeAskedAbout() {
        LiveEvidence.InFlight a = evidence.sending("c", clock);          // sent at 0 s
        clock.set(T0.plusSeconds(2));
        LiveEvidence.InFlight b = evidence.sending("c", clock);          // sent at 2 s
        Instant probe1 = T0.plusSeconds(1);

        assertEquals(1, evidence.inFlightSince("c", probe1), "b was sent after the probe");
        assertEquals(0, evidence.endedSince("c", probe1));

        clock.set(T0.plusSeconds(3));
        a.close();                                                       // a: counted by the probe, ended since
        LiveEvidence.InFlight c = evidence.sending("c", clock);          // sent at 3 s
        assertEquals(2, evidence.inFlightSince("c", probe1));
        assertEquals(1, evidence.endedSince("c", probe1));

        b.close();                                                       // b: sent after the probe, so no longer counted
        assertEquals(1, evidence.inFlightSince("c", probe1));
        assertEquals(1, evidence.endedSince("c", probe1));

        Instant probe2 = T0.plusSeconds(4);                              // a newer probe saw c (and nothing else)
        assertEquals(0, evidence.inFlightSince("c", probe2));
        assertEquals(0, evidence.endedSince("c", probe2));
        clock.set(T0.plusSeconds(5));
        c.close();
        assertEquals(1, evidence.endedSince("c", probe2));
        assertEquals(1, evidence.endedSince("c", probe1), "an older probe time counts again from the lists: a only");
        assertEquals(0, evidence.inFlightSince("other", probe1));
    }

    @Test
    void closingTwiceCountsOnce() {
        LiveEvidence.InFlight a = evidence.sending("c", clock);
        clock.set(T0.plusSeconds(2));
        assertEquals(0, evidence.endedSince("c", T0.plusSeconds(1)));
        a.close();
        a.close();
        assertEquals(1, evidence.endedSince("c", T0.plusSeconds(1)));
    }
}
