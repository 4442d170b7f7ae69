package io.llmrouter.forward.translate;

/**
 * Why a translated stream ended in error.
 *
 * @param kind    what went wrong
 * @param message a readable reason (the provider's own message for {@link Kind#UPSTREAM_ERROR}); no secrets
 */
public record StreamFailure(Kind kind, String message) {

    public enum Kind {
        /** The provider sent an error event inside the stream (overloaded, internal error...). */
        UPSTREAM_ERROR,
        /** An event was not the JSON the provider documents. */
        INVALID_EVENT,
        /** The stream ended before the provider's final event: the answer may be cut short. */
        TRUNCATED
    }
}
