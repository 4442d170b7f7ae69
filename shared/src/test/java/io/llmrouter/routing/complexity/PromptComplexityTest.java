package io.llmrouter.routing.complexity;

import io.llmrouter.config.ComplexitySettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptComplexityTest {

    static final ComplexitySettings DEFAULTS = new ComplexitySettings(true, 0.15, 0.5, List.of(), List.of());

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            hi there                                                              | 5    | SIMPLE
            What is the capital of France?                                        | 14   | SIMPLE
            Translate 'good morning' to Spanish.                                  | 15   | SIMPLE
            Write a haiku about autumn leaves.                                    | 14   | SIMPLE
            Fix the bug in this function please                                  | 14   | SIMPLE
            Compare Postgres and MySQL for a write-heavy workload.                | 20   | MODERATE
            Explain step by step how TLS 1.3 negotiates keys.                      | 20   | MODERATE
            Analyze the trade-offs of event sourcing, then design a migration plan step by step for our Java service. | 40 | COMPLEX
            Prove that the sum of the first n odd numbers equals n^2 and derive the closed form step by step. | 40 | COMPLEX
            """)
    void promptsFallIntoTheTierAPersonWouldExpect(String prompt, int tokens, ComplexityTier expected) {
        ComplexityAnalysis analysis = PromptComplexity.analyze(prompt, tokens);
        assertEquals(expected, analysis.tier(DEFAULTS), analysis.summary() + " " + analysis.signals());
    }

    @Test
    void aLongCodeReviewWithNumberedAsksIsComplexAndSaysWhy() {
        String prompt = """
                Review this code and answer:
                1. Why does it deadlock?
                2. How would you restructure it?
                3. What tests would catch it?
                ```java
                synchronized void a() { b(); }
                ```
                """;
        ComplexityAnalysis analysis = PromptComplexity.analyze(prompt, 2_500);

        assertEquals(ComplexityTier.COMPLEX, analysis.tier(DEFAULTS));
        List<String> names = analysis.signals().stream().map(Signal::name).toList();
        assertEquals(List.of("length", "code", "multi_step"), names);
        assertEquals("fenced code block", analysis.signals().get(1).evidence());
        assertTrue(analysis.summary().endsWith("(length, code, multi_step)"), analysis.summary());
    }

    @Test
    void theScoreIsCappedAtOneAndLengthAloneCannotMakeAPromptComplex() {
        String everything = "```x```\n1. a\n2. b\n3. c\nanalyze compare prove design the integral of x^2";
        assertEquals(1.0, PromptComplexity.analyze(everything, 100_000).score());

        ComplexityAnalysis longButPlain = PromptComplexity.analyze("summarise the following text", 100_000);
        assertEquals(0.3, longButPlain.score(), 1e-9);
        assertEquals(ComplexityTier.MODERATE, longButPlain.tier(DEFAULTS));
    }

    @Test
    void onlyTheStartOfAHugePromptIsScanned() {
        String huge = "a ".repeat(200_000) + "prove the theorem";
        ComplexityAnalysis analysis = PromptComplexity.analyze(huge, 10);
        assertTrue(analysis.signals().isEmpty(), analysis.signals().toString());
    }
}
