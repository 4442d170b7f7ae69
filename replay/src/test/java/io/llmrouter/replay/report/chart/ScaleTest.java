package io.llmrouter.replay.report.chart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleTest {

    @Test
    void aRoundedAxisEndsAtTheFirstRoundTickAboveTheData() {
        Scale usd = Scale.covering(97.06, 5, 0, true);
        assertEquals(new Scale(100, 20, 0), usd);
        assertArrayEquals(new double[] {0, 20, 40, 60, 80, 100}, usd.ticks());

        Scale small = Scale.covering(0.0123, 5, 0, true);
        assertEquals(0.0025, small.step(), 1e-12);
        assertEquals(4, small.decimals());
        assertTrue(small.max() >= 0.0123 && small.max() < 0.0123 + small.step());
    }

    @Test
    void anUnroundedAxisEndsAtTheDataWithTicksInside() {
        Scale minutes = Scale.covering(58.4, 8, 0, false);
        assertEquals(58.4, minutes.max());
        assertEquals(10, minutes.step());
        assertArrayEquals(new double[] {0, 10, 20, 30, 40, 50}, minutes.ticks());
    }

    @Test
    void countsStepByWholeNumbersAndNoDataGivesAUnitAxis() {
        assertEquals(new Scale(2, 1, 0), Scale.covering(2, 5, 1, true));
        assertEquals(new Scale(12, 2, 0), Scale.covering(11, 5, 1, true), "not 2.5, which would print as 3, 8, 13");
        assertEquals(new Scale(1, 1, 0), Scale.covering(0, 5, 1, true));
        assertEquals(new Scale(1, 0.2, 1), Scale.covering(0, 5, 0, true));
        assertEquals(new Scale(1, 0.2, 1), Scale.covering(Double.NaN, 5, 0, true));
    }
}
