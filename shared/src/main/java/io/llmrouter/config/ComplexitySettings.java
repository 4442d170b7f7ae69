package io.llmrouter.config;

import java.util.List;

/**
 * Prompt-complexity tiering: simple prompts prefer economy targets, complex ones premium targets.
 *
 * @param enabled     off by default: routing then follows the strategy alone
 * @param simpleBelow a prompt scoring under this (0 to 1) is simple
 * @param complexFrom a prompt scoring this or more is complex; between the two, the strategy's order stands
 * @param economy     targets simple prompts go to first; empty means every cluster
 * @param premium     targets complex prompts go to first; empty means every external provider
 */
public record ComplexitySettings(boolean enabled, double simpleBelow, double complexFrom, List<String> economy,
                                 List<String> premium) {

    public ComplexitySettings {
        economy = List.copyOf(economy);
        premium = List.copyOf(premium);
    }

    public static ComplexitySettings disabled() {
        return new ComplexitySettings(false, 0.15, 0.5, List.of(), List.of());
    }
}
