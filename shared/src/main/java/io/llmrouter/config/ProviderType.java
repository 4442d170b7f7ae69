package io.llmrouter.config;

/** The wire format an external provider speaks. */
public enum ProviderType {
    OPENAI, ANTHROPIC, GEMINI
}
