package io.llmrouter.routing;

import io.llmrouter.config.ComplexitySettings;
import io.llmrouter.routing.complexity.ComplexityAnalysis;
import io.llmrouter.routing.complexity.ComplexityTier;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Moves the targets a prompt's complexity prefers to the front of the ranking, keeping the strategy's
 * order within each group: simple prompts try economy targets first, complex prompts premium targets
 * first, moderate ones keep the strategy's order. Applied after hysteresis, so that tiering decides
 * between groups and hysteresis keeps choices stable within them.
 */
final class ComplexityTiers {

    private final ComplexitySettings settings;
    private final Set<String> economy;
    private final Set<String> premium;

    ComplexityTiers(ComplexitySettings settings) {
        this.settings = settings;
        this.economy = Set.copyOf(settings.economy());
        this.premium = Set.copyOf(settings.premium());
    }

    List<Candidate> apply(ComplexityAnalysis analysis, List<Candidate> ranked) {
        if (!settings.enabled() || analysis == null) {
            return ranked;
        }
        ComplexityTier tier = analysis.tier(settings);
        String note = "complexity " + analysis.summary() + " " + tier.name().toLowerCase(java.util.Locale.ROOT);
        if (tier == ComplexityTier.MODERATE) {
            return ranked.stream().map(c -> c.withReason(c.reason() + "; " + note + ": strategy order")).toList();
        }
        String group = tier == ComplexityTier.SIMPLE ? "economy" : "premium";
        List<Candidate> preferred = new ArrayList<>(ranked.size());
        List<Candidate> others = new ArrayList<>(ranked.size());
        for (Candidate candidate : ranked) {
            if (prefers(tier, candidate.target())) {
                preferred.add(candidate.withReason(candidate.reason() + "; " + note + ": " + group + " tier first"));
            } else {
                others.add(candidate.withReason(candidate.reason() + "; " + note + ": not " + group + " tier"));
            }
        }
        preferred.addAll(others);
        return preferred;
    }

    private boolean prefers(ComplexityTier tier, Target target) {
        if (tier == ComplexityTier.SIMPLE) {
            return economy.isEmpty() ? target.isCluster() : economy.contains(target.name());
        }
        return premium.isEmpty() ? !target.isCluster() : premium.contains(target.name());
    }
}
