package io.llmrouter.config;

import java.util.List;

/**
 * A model name clients may ask for, mapped to the targets allowed to serve it.
 *
 * <p>Each entry is {@code target} (the target serves the alias with its default model) or
 * {@code target/model} (the target serves it with that upstream model), e.g.
 * {@code [aws-us-west-2, openai/gpt-4o-mini]}.
 */
public record ModelAlias(String name, List<AliasTarget> targets) {

    public ModelAlias {
        targets = List.copyOf(targets);
    }

    /** One allowed target of an alias; {@code model} is null when the target's default applies. */
    public record AliasTarget(String target, String model) {
    }
}
