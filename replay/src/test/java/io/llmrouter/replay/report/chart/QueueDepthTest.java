package io.llmrouter.replay.report.chart;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueDepthTest {

    @Test
    void theTrueQueueAndTheRoutersViewAreTwoStaircasesOfThatClustersSamples() {
        Chart chart = QueueDepth.of(ChartFixtures.router(), "c1");
        assertEquals(2, chart.series().size());
        Series truth = chart.series().get(0);
        Series seen = chart.series().get(1);
        assertEquals(QueueDepth.TRUE_NAME, truth.name());
        assertEquals(QueueDepth.SEEN_NAME, seen.name());
        assertEquals(Series.Style.STEP, truth.style());
        assertFalse(truth.dashed());
        assertTrue(seen.dashed(), "the view is dashed so that it shows where it lies on the truth");
        assertArrayEquals(new double[] {0, 0.5, 1, 1.5}, truth.x());
        assertArrayEquals(new double[] {0, 2, 1, 0}, truth.y());
        assertArrayEquals(new double[] {0, 0, 2, 1}, seen.y());
        assertEquals(Unit.REQUESTS, chart.yUnit());
        assertTrue(chart.title().startsWith("c1: "), chart.title());
        assertTrue(chart.description().contains("peaked at 2, the router's view at 2; at 1 of them requests were waiting"),
                chart.description());
    }

    @Test
    void aSampleWithoutAHealthRecordBreaksTheRoutersView() {
        Series seen = QueueDepth.of(ChartFixtures.router(), "east & west").series().get(1);
        assertEquals(0, seen.y()[1]);
        assertTrue(Double.isNaN(seen.y()[2]));
        assertEquals(1, seen.y()[3]);
    }
}
