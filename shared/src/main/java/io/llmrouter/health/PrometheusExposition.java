package io.llmrouter.health;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed Prometheus text exposition (format 0.0.4).
 *
 * @param samples      every well-formed sample line, in order
 * @param types        metric family name to its {@code # TYPE} as written (lower case for the five known types,
 *                     but any word is kept: unknown types are not an error)
 * @param help         metric family name to its unescaped {@code # HELP} text
 * @param skippedLines lines that could not be read and were left out; the rest of the exposition still counts
 */
public record PrometheusExposition(
        List<PrometheusSample> samples,
        Map<String, String> types,
        Map<String, String> help,
        int skippedLines) {

    public static final PrometheusExposition EMPTY = new PrometheusExposition(List.of(), Map.of(), Map.of(), 0);

    public PrometheusExposition {
        samples = List.copyOf(samples);
        types = Map.copyOf(types);
        help = Map.copyOf(help);
    }

    /** All samples with this exact metric name, labelled or not. */
    public List<PrometheusSample> samplesNamed(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The first sample of this name that carries no labels. */
    public Optional<PrometheusSample> unlabelledSample(String name) {
        return samples.stream().filter(s -> s.name().equals(name) && s.unlabelled()).findFirst();
    }

    public Optional<String> typeOf(String familyName) {
        return Optional.ofNullable(types.get(familyName));
    }
}
