package io.llmrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrometheusTextParserTest {

    private static double value(PrometheusExposition exposition, String name) {
        return exposition.unlabelledSample(name).orElseThrow(() -> new AssertionError("no sample " + name)).value();
    }

    @ParameterizedTest
    @ValueSource(strings = {"metrics.txt", "captured-v0.5.0/metrics-busy.txt", "captured-v0.5.0/metrics-fresh.txt"})
    void readsEveryLineOfTheLlamaServerFixtures(String fixture) {
        PrometheusExposition exposition = PrometheusTextParser.parse(Fixtures.llamaServer(fixture));

        assertEquals(0, exposition.skippedLines());
        assertEquals(15, exposition.samples().size());
        for (PrometheusSample sample : exposition.samples()) {
            assertTrue(sample.name().startsWith("llamacpp:"), sample.name());
            assertTrue(sample.labels().isEmpty(), sample.name());
            assertNull(sample.timestampMs());
            assertTrue(exposition.types().containsKey(sample.name()), "TYPE of " + sample.name());
            assertTrue(exposition.help().containsKey(sample.name()), "HELP of " + sample.name());
        }
    }

    @Test
    void readsValuesTypesAndHelpOfTheHandWrittenFixture() {
        PrometheusExposition exposition = PrometheusTextParser.parse(Fixtures.llamaServer("metrics.txt"));

        assertEquals(184321, value(exposition, "llamacpp:prompt_tokens_total"));
        assertEquals(1_234_570, value(exposition, "llamacpp:prompt_tokens_cached_total")); // written 1.23457e+06
        assertEquals(98.7654, value(exposition, "llamacpp:prompt_seconds_total"));
        assertEquals(2.41732, value(exposition, "llamacpp:n_busy_slots_per_decode"));
        assertEquals("counter", exposition.typeOf("llamacpp:tokens_predicted_total").orElseThrow());
        assertEquals("gauge", exposition.typeOf("llamacpp:requests_deferred").orElseThrow());
        assertEquals("Number of requests deferred", exposition.help().get("llamacpp:requests_deferred"));
        assertEquals("Total number of llama_decode() calls, excluding speculative decoding and multimodal decoding",
                exposition.help().get("llamacpp:n_decode_total"));
    }

    @Test
    void readsTheCapturedBusyServer() {
        PrometheusExposition exposition = PrometheusTextParser.parse(Fixtures.llamaServer("captured-v0.5.0/metrics-busy.txt"));

        assertEquals(2, value(exposition, "llamacpp:requests_processing"));
        assertEquals(1, value(exposition, "llamacpp:requests_deferred"));
        assertEquals(5.09638, value(exposition, "llamacpp:tokens_predicted_seconds_total"));
    }

    @Test
    void unescapesLabelValues() {
        String text = """
                requests{path="C:\\\\dir\\\\file",quote="say \\"hi\\"",lines="one\\ntwo",plain="a,b=c}"} 1
                """;
        PrometheusSample sample = PrometheusTextParser.parse(text).samples().get(0);

        assertEquals("C:\\dir\\file", sample.labels().get("path"));
        assertEquals("say \"hi\"", sample.labels().get("quote"));
        assertEquals("one\ntwo", sample.labels().get("lines"));
        assertEquals("a,b=c}", sample.labels().get("plain"));
        assertEquals(List.of("path", "quote", "lines", "plain"), List.copyOf(sample.labels().keySet()));
    }

    @Test
    void toleratesBlanksAroundLabelsATrailingCommaAndEmptyLabelSets() {
        String text = """
                a { x = "1" , y="2", } 3
                b{} 4
                c\t5
                """;
        PrometheusExposition exposition = PrometheusTextParser.parse(text);

        assertEquals(0, exposition.skippedLines());
        assertEquals(Map.of("x", "1", "y", "2"), exposition.samples().get(0).labels());
        assertEquals(3, exposition.samples().get(0).value());
        assertEquals(4, value(exposition, "b"));
        assertEquals(5, value(exposition, "c"));
    }

    @Test
    void readsExponentNotationAndSpecialValues() {
        String text = """
                big 1.23457e+06
                small -2.5E-3
                leading_dot .5
                trailing_dot 7.
                signed +12
                not_a_number NaN
                positive +Inf
                negative -Inf
                bare_inf Inf
                """;
        PrometheusExposition exposition = PrometheusTextParser.parse(text);

        assertEquals(0, exposition.skippedLines());
        assertEquals(1_234_570, value(exposition, "big"));
        assertEquals(-0.0025, value(exposition, "small"));
        assertEquals(0.5, value(exposition, "leading_dot"));
        assertEquals(7, value(exposition, "trailing_dot"));
        assertEquals(12, value(exposition, "signed"));
        assertTrue(Double.isNaN(value(exposition, "not_a_number")));
        assertEquals(Double.POSITIVE_INFINITY, value(exposition, "positive"));
        assertEquals(Double.NEGATIVE_INFINITY, value(exposition, "negative"));
        assertEquals(Double.POSITIVE_INFINITY, value(exposition, "bare_inf"));
    }

    @Test
    void keepsOptionalTimestamps() {
        String text = """
                with_ts 1 1795339254000
                labelled_ts{a="b"} 2 -5
                without_ts 3
                """;
        PrometheusExposition exposition = PrometheusTextParser.parse(text);

        assertEquals(1_795_339_254_000L, exposition.unlabelledSample("with_ts").orElseThrow().timestampMs());
        assertEquals(-5L, exposition.samplesNamed("labelled_ts").get(0).timestampMs());
        assertNull(exposition.unlabelledSample("without_ts").orElseThrow().timestampMs());
    }

    @Test
    void readsMetadataWithoutSamples() {
        String text = """
                # HELP llamacpp:kv_cache_usage_ratio KV-cache usage. 1 means 100 percent usage.
                # TYPE llamacpp:kv_cache_usage_ratio gauge
                # HELP escaped A backslash \\\\ and a\\nnewline; \\q stays
                # HELP no_text
                """;
        PrometheusExposition exposition = PrometheusTextParser.parse(text);

        assertTrue(exposition.samples().isEmpty());
        assertEquals(0, exposition.skippedLines());
        assertEquals("gauge", exposition.types().get("llamacpp:kv_cache_usage_ratio"));
        assertEquals("KV-cache usage. 1 means 100 percent usage.", exposition.help().get("llamacpp:kv_cache_usage_ratio"));
        assertEquals("A backslash \\ and a\nnewline; \\q stays", exposition.help().get("escaped"));
        assertEquals("", exposition.help().get("no_text"));
    }

    @Test
    void keepsUnknownTypesAndIgnoresOrdinaryComments() {
        String text = """
                # a comment that is neither HELP nor TYPE
                #
                # TYPE weird_family exotic
                # TYPE shouted_family GAUGE
                # TYPE old_family untyped
                weird_family 1
                """;
        PrometheusExposition exposition = PrometheusTextParser.parse(text);

        assertEquals(0, exposition.skippedLines());
        assertEquals("exotic", exposition.types().get("weird_family"));
        assertEquals("gauge", exposition.types().get("shouted_family"));
        assertEquals("untyped", exposition.types().get("old_family"));
        assertEquals(1, value(exposition, "weird_family"));
    }

    @Test
    void skipsBlankLinesAndCarriageReturns() {
        String text = "\n   \n# TYPE a gauge\r\na 1\r\n\t\r\nb 2";
        PrometheusExposition exposition = PrometheusTextParser.parse(text);

        assertEquals(0, exposition.skippedLines());
        assertEquals(1, value(exposition, "a"));
        assertEquals(2, value(exposition, "b"));
        assertEquals("gauge", exposition.types().get("a"));
    }

    @Test
    void skipsAndCountsGarbageLinesAndKeepsTheRest() {
        String text = """
                good_before 1
                this is not a metric
                unclosed{a="b" 1
                unterminated{a="b} 1
                bad_escape{a="\\q"} 1
                duplicate_label{a="1",a="2"} 1
                label_without_quotes{a=b} 1
                1starts_with_digit 1
                no_value
                no_value_with_labels{a="b"}
                word_value abc
                java_suffix 1d
                hex_float 0x1p3
                too_many_fields 1 2 3
                float_timestamp 1 2.5
                # TYPE
                # TYPE two words here
                # HELP
                good_after{a="b"} 2
                """;
        PrometheusExposition exposition = PrometheusTextParser.parse(text);

        assertEquals(17, exposition.skippedLines());
        assertEquals(2, exposition.samples().size());
        assertEquals(1, value(exposition, "good_before"));
        assertEquals(2, exposition.samplesNamed("good_after").get(0).value());
    }

    @Test
    void keepsTheFirstMetadataOfAFamilyAndCountsRepeats() {
        String text = """
                # TYPE repeated gauge
                # TYPE repeated counter
                # HELP repeated first
                # HELP repeated second
                repeated 1
                """;
        PrometheusExposition exposition = PrometheusTextParser.parse(text);

        assertEquals(2, exposition.skippedLines());
        assertEquals("gauge", exposition.types().get("repeated"));
        assertEquals("first", exposition.help().get("repeated"));
    }

    @Test
    void readsLabelledSeriesOfADraftModelBuildBesideUnlabelledOnes() {
        String text = """
                # TYPE llamacpp:spec_decode_accepted_per_pos_total counter
                llamacpp:spec_decode_accepted_per_pos_total{position="0"} 812
                llamacpp:spec_decode_accepted_per_pos_total{position="1"} 455
                llamacpp:requests_processing 1
                """;
        PrometheusExposition exposition = PrometheusTextParser.parse(text);

        List<PrometheusSample> perPosition = exposition.samplesNamed("llamacpp:spec_decode_accepted_per_pos_total");
        assertEquals(2, perPosition.size());
        assertEquals("1", perPosition.get(1).labels().get("position"));
        assertEquals(455, perPosition.get(1).value());
        assertTrue(exposition.unlabelledSample("llamacpp:spec_decode_accepted_per_pos_total").isEmpty());
    }

    @Test
    void emptyInputHasNothing() {
        PrometheusExposition exposition = PrometheusTextParser.parse("");

        assertTrue(exposition.samples().isEmpty());
        assertTrue(exposition.types().isEmpty());
        assertEquals(0, exposition.skippedLines());
    }
}
