package io.llmrouter.routing.complexity;

import io.llmrouter.config.ComplexitySettings;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A prompt's complexity: a score from 0 (a greeting) to 1 (a long, multi-step analytical coding task)
 * and the signals that made it, so that a routing choice can be explained.
 */
public record ComplexityAnalysis(double score, List<Signal> signals) {

    public ComplexityAnalysis {
        signals = List.copyOf(signals);
    }

    public ComplexityTier tier(ComplexitySettings settings) {
        if (score >= settings.complexFrom()) {
            return ComplexityTier.COMPLEX;
        }
        return score < settings.simpleBelow() ? ComplexityTier.SIMPLE : ComplexityTier.MODERATE;
    }

    /** "0.62 (code, analytical)": the score and the signals that counted. */
    public String summary() {
        String names = signals.stream().map(Signal::name).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%.2f", score) + (names.isEmpty() ? "" : " (" + names + ")");
    }
}
