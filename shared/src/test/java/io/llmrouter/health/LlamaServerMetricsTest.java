package io.llmrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class LlamaServerMetricsTest {

    private static LlamaServerMetrics metricsOf(String text) {
        return LlamaServerMetrics.from(PrometheusTextParser.parse(text));
    }

    /** The fixture without the HELP, TYPE and sample lines of the named series (name without the prefix). */
    private static String withoutSeries(String text, String... names) {
        return Arrays.stream(text.split("\n"))
                .filter(line -> Arrays.stream(names).noneMatch(name -> line.contains("llamacpp:" + name + " ")))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    @Test
    void mapsEverySignalOfTheV050Fixture() {
        LlamaServerMetrics metrics = metricsOf(Fixtures.llamaServer("metrics.txt"));

        assertEquals(1866.21, metrics.promptTokensPerSecond());
        assertEquals(52.1464, metrics.generationTokensPerSecond());
        assertEquals(184321, metrics.promptTokensTotal());
        assertEquals(98.7654, metrics.promptSecondsTotal());
        assertEquals(1_234_570, metrics.promptTokensCachedTotal());
        assertEquals(74210, metrics.generatedTokensTotal());
        assertEquals(1423.11, metrics.generationSecondsTotal());
        assertEquals(69031, metrics.decodeCallsTotal());
        assertEquals(7561, metrics.largestSequenceTokens());
        assertEquals(3, metrics.requestsProcessing());
        assertEquals(1, metrics.requestsDeferred());
        assertEquals(2.41732, metrics.busySlotsPerDecode());
        assertNull(metrics.kvCacheUsageRatio(), "v0.5.0 has no kv_cache_usage_ratio");
        assertNull(metrics.kvCacheTokens());
    }

    @Test
    void aFreshServerReportsRealZerosNotUnknowns() {
        LlamaServerMetrics metrics = metricsOf(Fixtures.llamaServer("captured-v0.5.0/metrics-fresh.txt"));

        assertEquals(0.0, metrics.generationTokensPerSecond());
        assertEquals(0.0, metrics.generatedTokensTotal());
        assertEquals(0, metrics.requestsProcessing());
        assertEquals(0, metrics.requestsDeferred());
    }

    @Test
    void missingSeriesAreUnknownNeverZero() {
        String text = withoutSeries(Fixtures.llamaServer("captured-v0.5.0/metrics-busy.txt"),
                "predicted_tokens_seconds", "tokens_predicted_total", "requests_deferred");
        LlamaServerMetrics metrics = metricsOf(text);

        assertNull(metrics.generationTokensPerSecond());
        assertNull(metrics.generatedTokensTotal());
        assertNull(metrics.requestsDeferred());
        assertEquals(213.308, metrics.promptTokensPerSecond(), "the rest is still read");
        assertEquals(2, metrics.requestsProcessing());
    }

    @Test
    void noMetricsAtAllLeavesEverythingUnknown() {
        assertEquals(new LlamaServerMetrics(null, null, null, null, null, null, null, null, null, null, null, null, null, null),
                LlamaServerMetrics.unknown());
        assertEquals(LlamaServerMetrics.unknown(), metricsOf("# nothing but a comment\n"));
    }

    @Test
    void readsA2024EraBuildWithKvCacheSeries() {
        String text = withoutSeries(Fixtures.llamaServer("metrics.txt"), "prompt_tokens_cached_total",
                "spec_decode_num_draft_tokens_total", "spec_decode_num_accepted_tokens_total", "spec_decode_num_drafts_total")
                + """
                # HELP llamacpp:kv_cache_usage_ratio KV-cache usage. 1 means 100 percent usage.
                # TYPE llamacpp:kv_cache_usage_ratio gauge
                llamacpp:kv_cache_usage_ratio 0.371094
                # HELP llamacpp:kv_cache_tokens KV-cache tokens.
                # TYPE llamacpp:kv_cache_tokens gauge
                llamacpp:kv_cache_tokens 3040
                """;
        LlamaServerMetrics metrics = metricsOf(text);

        assertEquals(0.371094, metrics.kvCacheUsageRatio());
        assertEquals(3040, metrics.kvCacheTokens());
        assertNull(metrics.promptTokensCachedTotal());
        assertEquals(52.1464, metrics.generationTokensPerSecond());
    }

    @Test
    void readsALate2025BuildThatTypesBusySlotsAsACounter() {
        String text = withoutSeries(Fixtures.llamaServer("metrics.txt"), "prompt_tokens_cached_total")
                .replace("# TYPE llamacpp:n_busy_slots_per_decode gauge", "# TYPE llamacpp:n_busy_slots_per_decode counter");
        PrometheusExposition exposition = PrometheusTextParser.parse(text);
        LlamaServerMetrics metrics = LlamaServerMetrics.from(exposition);

        assertEquals("counter", exposition.types().get("llamacpp:n_busy_slots_per_decode"));
        assertEquals(2.41732, metrics.busySlotsPerDecode());
        assertNull(metrics.promptTokensCachedTotal());
    }

    @Test
    void ignoresLabelledDraftModelSeriesAndUnknownMetrics() {
        String text = Fixtures.llamaServer("captured-v0.5.0/metrics-busy.txt") + """
                # HELP llamacpp:spec_decode_accepted_per_pos_total Speculative: accepted draft tokens per position
                # TYPE llamacpp:spec_decode_accepted_per_pos_total counter
                llamacpp:spec_decode_accepted_per_pos_total{position="0"} 812
                llamacpp:spec_decode_accepted_per_pos_total{position="1"} 455
                llamacpp:requests_processing{slot="0"} 99
                # TYPE llamacpp:some_future_signal gauge
                llamacpp:some_future_signal 7
                """;
        LlamaServerMetrics metrics = metricsOf(text);

        assertEquals(metricsOf(Fixtures.llamaServer("captured-v0.5.0/metrics-busy.txt")), metrics);
        assertEquals(2, metrics.requestsProcessing(), "a labelled series of the same name does not replace the plain one");
    }

    @Test
    void nonFiniteOrFractionalValuesAreUnknown() {
        String text = """
                llamacpp:predicted_tokens_seconds NaN
                llamacpp:prompt_tokens_seconds +Inf
                llamacpp:requests_processing 1.5
                llamacpp:requests_deferred -1
                llamacpp:tokens_predicted_total 1.23457e+06
                """;
        LlamaServerMetrics metrics = metricsOf(text);

        assertNull(metrics.generationTokensPerSecond());
        assertNull(metrics.promptTokensPerSecond());
        assertNull(metrics.requestsProcessing());
        assertNull(metrics.requestsDeferred());
        assertEquals(1_234_570, metrics.generatedTokensTotal());
    }

    @Test
    void aGarbageLineCostsOnlyItsOwnSignal() {
        String text = Fixtures.llamaServer("captured-v0.5.0/metrics-busy.txt")
                .replace("llamacpp:requests_deferred 1", "llamacpp:requests_deferred{broken 1");
        PrometheusExposition exposition = PrometheusTextParser.parse(text);
        LlamaServerMetrics metrics = LlamaServerMetrics.from(exposition);

        assertEquals(1, exposition.skippedLines());
        assertNull(metrics.requestsDeferred());
        assertEquals(2, metrics.requestsProcessing());
    }
}
