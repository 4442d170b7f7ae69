package io.llmrouter.cache;

import java.time.Instant;
import java.util.Optional;

/**
 * Where cached answers are shared between instances. Failures are
 * {@link io.llmrouter.state.RoutingStateUnavailableException}s; {@link ResponseCache} turns them into misses.
 */
public interface AnswerStore {

    /** The answer kept for {@code fingerprint} in {@code scope}; empty when there is none. */
    Optional<CachedAnswer> find(String scope, String fingerprint);

    /**
     * Keeps {@code answer} until {@code expiresAt} (when the store deletes it).
     *
     * @return false when the answer is too big to keep: it is then simply not cached
     */
    boolean put(String scope, String fingerprint, CachedAnswer answer, Instant expiresAt);
}
