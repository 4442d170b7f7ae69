package io.llmrouter.keys;

/**
 * What a presented secret turned out to be. Only {@link Valid} carries the key: the refusals say no
 * more than the presented key's own state, never anything about another key.
 */
public sealed interface KeyCheck {

    record Valid(ApiKey key) implements KeyCheck {
    }

    /** No stored key has this secret. */
    record Unknown() implements KeyCheck {
    }

    record Revoked(ApiKey key) implements KeyCheck {
    }

    record Expired(ApiKey key) implements KeyCheck {
    }
}
