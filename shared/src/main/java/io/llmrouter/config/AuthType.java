package io.llmrouter.config;

/** How the router (and the health-poller) authenticate to a self-hosted cluster. */
public enum AuthType {
    /** HMAC-SHA256 signed headers over timestamp, method, path and body hash. */
    HMAC,
    /** A client certificate (mutual TLS). */
    MTLS,
    /** llama-server's {@code --api-key}: {@code Authorization: Bearer <key>}. */
    API_KEY,
    NONE
}
