package io.llmrouter.replay.report.chart;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrafficShareTest {

    @Test
    void bucketsAreTheShortestRoundLengthGivingAtMostSixty() {
        assertEquals(60, TrafficShare.bucketSeconds(3502), "a minute for the hour-long Azure trace");
        assertEquals(60, TrafficShare.bucketSeconds(3599));
        assertEquals(120, TrafficShare.bucketSeconds(3600));
        assertEquals(2, TrafficShare.bucketSeconds(100));
        assertEquals(1, TrafficShare.bucketSeconds(0));
        assertEquals(86400 * 2, TrafficShare.bucketSeconds(59 * 86400 * 2), "past the longest round length");
    }

    @Test
    void eachBucketsSharesStackToAHundredClustersFirstThenProvidersThenRequestsSentNowhere() {
        // 100 s of arrivals: 51 buckets of 2 s; requests at 0 (c1), 30 (openai), 60 (c1), 90 (openai), 100 (nowhere).
        Chart chart = TrafficShare.of(ChartFixtures.router());
        assertEquals(List.of("c1 (cluster)", "openai (provider)", "sent nowhere"),
                chart.series().stream().map(Series::name).toList(), "a target without requests is left out");
        assertEquals(100.0, chart.yMax());
        assertEquals(Unit.PERCENT, chart.yUnit());
        assertTrue(chart.title().startsWith("router: "), chart.title());

        Series c1 = chart.series().get(0);
        Series openai = chart.series().get(1);
        Series nowhere = chart.series().get(2);
        assertEquals(2 * 51, c1.points(), "each bucket drawn from its start to its end");
        assertArrayEquals(c1.y(), openai.base(), "each band sits on the one below");
        assertArrayEquals(openai.y(), nowhere.base());
        int[] withArrivals = {0, 15, 30, 45, 50};
        for (int bucket = 0; bucket < 51; bucket++) {
            double top = nowhere.y()[2 * bucket];
            double expected = contains(withArrivals, bucket) ? 100 : 0;
            assertEquals(expected, top, 1e-9, "bucket " + bucket);
            assertEquals(top, nowhere.y()[2 * bucket + 1], 1e-9);
        }
        assertEquals(100, c1.y()[0], 1e-9, "the request at 0 s went to c1");
        assertEquals(0, c1.y()[2 * 15], 1e-9);
        assertEquals(100, openai.y()[2 * 15] - openai.base()[2 * 15], 1e-9, "the one at 30 s to openai");
        assertEquals(100, nowhere.y()[2 * 50] - nowhere.base()[2 * 50], 1e-9, "the one at 100 s nowhere");
        assertEquals(1.7, c1.x()[2 * 51 - 1], 1e-9, "the last bucket ends at 102 s");
    }

    private static boolean contains(int[] values, int value) {
        for (int v : values) {
            if (v == value) {
                return true;
            }
        }
        return false;
    }

    @Test
    void clustersTakeCoolColoursProvidersWarmOnesAndATargetKeepsItsColourAcrossPolicies() {
        Series c1 = TrafficShare.of(ChartFixtures.router()).series().get(0);
        Series openai = TrafficShare.of(ChartFixtures.router()).series().get(1);
        Series openaiAlone = TrafficShare.of(ChartFixtures.alwaysPremium()).series().get(0);
        assertTrue(Palette.CLUSTERS.contains(c1.colour()));
        assertTrue(Palette.PROVIDERS.contains(openai.colour()));
        assertEquals(openai.colour(), openaiAlone.colour());
        assertEquals(1, TrafficShare.of(ChartFixtures.alwaysPremium()).series().size());
    }
}
