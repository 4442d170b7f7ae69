package io.llmrouter.route.concurrent;

import java.util.Map;

/**
 * What a client got for one request: status, the router's headers and the body, from either carrier.
 *
 * @param target    {@code x-router-target}; null when no target answered
 * @param attempts  {@code x-router-attempts}; 0 when absent
 * @param rateLimit {@code x-ratelimit-limit-requests}: set on the answers to a key with a rate limit
 */
public record Answer(int status, String target, int attempts, String reason, String rateLimit, String body) {

    public static Answer of(int status, Map<String, String> headers, String body) {
        Map<String, String> h = headers == null ? Map.of() : headers;
        String attempts = h.get("x-router-attempts");
        return new Answer(status, h.get("x-router-target"), attempts == null ? 0 : Integer.parseInt(attempts),
                h.get("x-router-reason"), h.get("x-ratelimit-limit-requests"), body == null ? "" : body);
    }
}
