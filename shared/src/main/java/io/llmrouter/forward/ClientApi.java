package io.llmrouter.forward;

/** The OpenAI API a client called; it decides how a request is put to each target. */
public enum ClientApi {
    /** {@code POST /v1/chat/completions}: every target serves it, through its translator. */
    CHAT_COMPLETIONS,
    /** {@code POST /v1/completions}: only OpenAI-compatible targets (clusters, OpenAI) serve it. */
    LEGACY_COMPLETIONS
}
