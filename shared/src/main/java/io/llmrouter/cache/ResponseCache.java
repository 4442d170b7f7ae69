package io.llmrouter.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.CacheSettings;
import io.llmrouter.config.ModelAlias;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.state.StateTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the gateway asks for a cached answer and gives answers to keep: this instance's memory first, then the
 * shared store. A cache that fails (DynamoDB unreachable, a corrupt item) must never fail a request: a failed
 * read is a miss, a failed write an answer not kept, each logged.
 */
public final class ResponseCache {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseCache.class);

    private final CacheSettings settings;
    private final Map<String, ModelAlias> aliases;
    private final AnswerStore store;
    private final MemoryAnswers memory;
    private final Clock clock;

    /** The cache of {@code config} ({@code cache} and the model aliases requests are told apart by). */
    public ResponseCache(RouterConfig config, AnswerStore store, Clock clock) {
        this(config.cache(), config.modelAliases(), store, clock);
    }

    public ResponseCache(CacheSettings settings, Map<String, ModelAlias> aliases, AnswerStore store, Clock clock) {
        this.settings = settings;
        this.aliases = Map.copyOf(aliases);
        this.store = store;
        this.memory = new MemoryAnswers(settings.memoryEntries());
        this.clock = clock;
    }

    /** The request's fingerprint ({@link RequestFingerprint}), its model's alias resolved by the config. */
    public String fingerprint(String api, ObjectNode body) {
        return RequestFingerprint.of(api, body, aliases.get(body.path("model").asText()));
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
            memory.remove(key, remembered.get());
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
     * Keeps an answer for {@link CacheSettings#ttl()}: in this instance's memory, then in the store for every
     * instance. One too big for the store is not kept at all, so that every instance answers it the same way.
     */
    public void keep(String scope, String fingerprint, CachedAnswer answer) {
        remember(scope, fingerprint, answer);
        share(scope, fingerprint, answer);
    }

    /** Keeps an answer in this instance's memory only, at once: its next request hits whatever the store does. */
    public void remember(String scope, String fingerprint, CachedAnswer answer) {
        memory.put(StateTable.cacheSortKey(scope, fingerprint), answer);
    }

    /**
     * Writes a remembered answer to the store, for every instance; when the store cannot keep it (too big, or
     * failing), it is forgotten here too.
     */
    public void share(String scope, String fingerprint, CachedAnswer answer) {
        String key = StateTable.cacheSortKey(scope, fingerprint);
        Duration ttl = settings.ttl();
        try {
            if (!store.put(scope, fingerprint, answer, answer.createdAt().plus(ttl))) {
                LOG.info("answer of {} bytes too big to cache", answer.body().length);
                memory.remove(key, answer);
            }
        } catch (RuntimeException e) {
            LOG.warn("answer cache unwritable, the answer is not kept: {}", e.getMessage());
            memory.remove(key, answer);
        }
    }
}
