package io.llmrouter.config;

/**
 * A key clients of the router may present as {@code Authorization: Bearer <key>}. Only the key's
 * SHA-256 is configured, so a leaked config does not leak keys:
 * {@code printf %s "$KEY" | sha256sum}.
 *
 * @param name   who holds the key, for logs and metrics
 * @param sha256 the key's SHA-256, 64 lower-case hex characters
 */
public record ClientKey(String name, String sha256) {
}
