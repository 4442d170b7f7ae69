package io.llmrouter.replay.report.chart;

import io.llmrouter.replay.report.PolicyReport;
import io.llmrouter.replay.sim.PolicyRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpendOverTimeTest {

    private static final List<PolicyRun> RUNS = List.of(ChartFixtures.router(), ChartFixtures.alwaysPremium());

    @Test
    void oneLinePerPolicyInTheOrderTheyRanEndingAtTheReportsSpend() {
        Chart chart = SpendOverTime.of(RUNS);
        assertEquals(List.of("router", "always-premium"), chart.series().stream().map(Series::name).toList());
        assertEquals(Unit.USD, chart.yUnit());
        for (int i = 0; i < RUNS.size(); i++) {
            Series line = chart.series().get(i);
            double reported = PolicyReport.of(RUNS.get(i), 2).spendUsd();
            assertEquals(reported, line.y()[line.points() - 1], 1e-9, line.name());
            assertEquals(2.0, line.x()[line.points() - 1], 1e-9, "the longest run's end, 120 s");
            for (int p = 1; p < line.points(); p++) {
                assertTrue(line.y()[p] >= line.y()[p - 1], line.name() + " never goes down");
            }
        }
        assertEquals(0.87, chart.series().get(0).y()[SpendOverTime.STEPS], 1e-9);
        assertEquals(5.0, chart.series().get(1).y()[SpendOverTime.STEPS], 1e-9);
    }

    @Test
    void nodeHoursAccrueEvenlyAndProviderPricesAsRequestsAreSent() {
        Series router = SpendOverTime.of(RUNS).series().get(0);
        // At 60 s (step 120 of 240): half the clusters' 0.12 $, and the 0.50 $ request sent at 30 s.
        assertEquals(1.0, router.x()[SpendOverTime.STEPS / 2], 1e-9);
        assertEquals(0.06 + 0.50, router.y()[SpendOverTime.STEPS / 2], 1e-9);
        // Just before 30 s only the clusters have cost anything.
        int before30 = SpendOverTime.STEPS / 4 - 1;
        assertEquals(0.12 * router.x()[before30] / 2.0, router.y()[before30], 1e-9);

        // always-premium ran until 101 s; nothing more accrues after its last request.
        Series premium = SpendOverTime.of(RUNS).series().get(1);
        assertEquals(1.0, premium.y()[0], 1e-9, "the request at 0 s");
        assertEquals(5.0, premium.y()[SpendOverTime.STEPS - 1], 1e-9);
    }

    @Test
    void theDescriptionGivesEachPolicysTotal() {
        assertTrue(SpendOverTime.of(RUNS).description().contains("router $0.8700; always-premium $5.0000"),
                SpendOverTime.of(RUNS).description());
    }
}
