package io.llmrouter.cache;

import java.time.Instant;

/**
 * An answer kept in the cache: the completion in OpenAI's format, as the client got it, and what it cost when
 * a target made it, so that a hit can report that as saved.
 *
 * @param body             the {@code chat.completion} or {@code text_completion} JSON
 * @param target           the target that answered
 * @param servedModel      the model it ran; null when unknown
 * @param promptTokens     as that target reported them; null when unknown
 * @param completionTokens as that target reported them; null when unknown
 * @param costUsd          what the original request cost; null when unknown
 * @param createdAt        when the answer was made: it is served until {@code createdAt + cache.ttl}
 */
public record CachedAnswer(byte[] body, String target, String servedModel, Integer promptTokens,
                           Integer completionTokens, Double costUsd, Instant createdAt) {

    public boolean freshAt(Instant now, java.time.Duration ttl) {
        return now.isBefore(createdAt.plus(ttl));
    }
}
