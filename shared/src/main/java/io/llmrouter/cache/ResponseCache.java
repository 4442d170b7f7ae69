package io.llmrouter.cache;

import io.llmrouter.config.CacheSettings;
import io.llmrouter.state.StateTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the gateway asks for a cached answer and gives answers to keep: this instance's memory first, then the
 * shared store. A cache that fails (DynamoDB unreachable, a corrupt item) must never fail a request: a failed
 * read is a miss, a failed write an answer not kept, each logged.
 */
public final class ResponseCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    private final CacheSettings settings;
    private final AnswerStore store;
    private final MemoryAnswers memory;
    private final Clock clock;

    public ResponseCache(CacheSettings settings, AnswerStore store, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.memory = new MemoryAnswers(settings.memoryEntries());
        this.clock = clock;
    }

    public CacheSettings settings() {
        return settings;
    }

    /** The answer kept for this request of this scope and still fresh; empty on a miss, failures included. */
    public Optional<CachedAnswer> find(String scope, String fingerprint) {
        String key = StateTable.cacheSortKey(scope, fingerprint);
        Instant now = clock.instant();
        Optional<CachedAnswer> remembered = memory.get(key);
        if (remembered.isPresent()) {
            if (remembered.get().freshAt(now, settings.ttl())) {
                return remembered;
            }
            memory.remove(key);
        }
        try {
            Optional<CachedAnswer> stored = store.find(scope, fingerprint).filter(a -> a.freshAt(now, settings.ttl()));
            stored.ifPresent(answer -> memory.put(key, answer));
            return stored;
        } catch (RuntimeException e) {
            LOG.warn("answer cache unreadable, treated as a miss: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Keeps an answer for {@link CacheSettings#ttl()}; one too big for the store is not kept at all, so that
     * every instance answers it the same way.
     */
    public void keep(String scope, String fingerprint, CachedAnswer answer) {
        Duration ttl = settings.ttl();
        try {
            if (store.put(scope, fingerprint, answer, answer.createdAt().plus(ttl))) {
                memory.put(StateTable.cacheSortKey(scope, fingerprint), answer);
            } else {
                LOG.info("answer of {} bytes too big to cache", answer.body().length);
            }
        } catch (RuntimeException e) {
            LOG.warn("answer cache unwritable, the answer is not kept: {}", e.getMessage());
        }
    }
}
