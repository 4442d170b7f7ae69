package io.llmrouter.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A staleness window shorter than one poll interval plus slack refuses clusters polled on time. */
class StalenessWindowCheckTest {

    private static final String CLUSTER = "clusters: [{name: gpu, endpoint: \"http://gpu.internal:8080\", costPerHour: 0.09}]\n";

    @Test
    void theDefaultsAndTheDocumentedSettingsPass() {
        assertTrue(StalenessWindowCheck.review(RouterSettings.defaults()).isEmpty(), "30 s x 3");
        for (int seconds : new int[] {2, 5, 15, 30}) {
            RouterSettings settings = RouterSettings.defaults().withStaleAfterIntervals(3);
            settings = new RouterSettings(settings.routingStrategy(), settings.clusterCostThreshold(),
                    settings.enableExternalFallback(), Duration.ofSeconds(seconds), 3, settings.maxLatencyMs(),
                    settings.maxQueueDepth(), settings.overheadFactor(), settings.assumedOutputTokens(),
                    settings.hysteresis(), null);
            assertTrue(StalenessWindowCheck.review(settings).isEmpty(), seconds + " s x 3");
        }
    }

    @Test
    void aWindowOfOneIntervalIsRaisedWithAWarningThatShowsTheArithmetic() {
        RouterConfig config = ConfigLoader.fromYaml("router: {healthCheckInterval: 2s, staleAfterIntervals: 1}\n" + CLUSTER, Map.of());

        assertEquals(3, config.router().staleAfterIntervals(), "2 s + 3 s slack needs 3 intervals of 2 s");
        String warning = StalenessWindowCheck.review(config.router().withStaleAfterIntervals(1)).orElseThrow().warning();
        assertEquals("router.staleAfterIntervals 1 x router.healthCheckInterval 2 s = 2 s is shorter than the age a "
                + "health record can reach while the poller keeps its schedule: healthCheckInterval 2 s + 3 s (probe, "
                + "write, a late scheduled start) = 5 s. Clusters polled on time would be refused as stale between "
                + "polls. Using staleAfterIntervals 3 (6 s) instead; set it to 3 or more to keep this config loading "
                + "in future releases.", warning);
    }

    @Test
    void longIntervalsNeedTwoIntervalsAndSubSecondOnesAreNamedInMilliseconds() {
        RouterConfig thirty = ConfigLoader.fromYaml("router: {healthCheckInterval: 30s, staleAfterIntervals: 1}\n" + CLUSTER, Map.of());
        assertEquals(2, thirty.router().staleAfterIntervals());

        RouterConfig fast = ConfigLoader.fromYaml("router: {healthCheckInterval: 500ms, staleAfterIntervals: 2}\n" + CLUSTER, Map.of());
        assertEquals(7, fast.router().staleAfterIntervals(), "500 ms + 3 s = 3.5 s: 7 intervals");
        assertTrue(StalenessWindowCheck.review(fast.router().withStaleAfterIntervals(2)).orElseThrow().warning()
                .startsWith("router.staleAfterIntervals 2 x router.healthCheckInterval 500 ms = 1 s "), "named in ms");
    }
}
