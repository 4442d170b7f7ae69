package io.llmrouter.cache;

import io.llmrouter.config.CacheMode;
import io.llmrouter.config.CacheSettings;
import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Memory in front of the store, expiry by the configured TTL, and failures that are only misses. */
class ResponseCacheTest {

    static final Instant T0 = Instant.parse("2026-12-05T12:00:00Z");
    static final String FP = "f".repeat(64);

    /** A store in a map that counts its reads, and fails when told to. */
    static final class CountingStore implements AnswerStore {
        final Map<String, CachedAnswer> answers = new HashMap<>();
        int reads;
        boolean broken;

        @Override
        public Optional<CachedAnswer> find(String scope, String fingerprint) {
            reads++;
            if (broken) {
                throw new RoutingStateUnavailableException("down", null);
            }
            return Optional.ofNullable(answers.get(scope + "#" + fingerprint));
        }

        @Override
        public boolean put(String scope, String fingerprint, CachedAnswer answer, Instant expiresAt) {
            if (broken) {
                throw new RoutingStateUnavailableException("down", null);
            }
            answers.put(scope + "#" + fingerprint, answer);
            return true;
        }
    }

    private final MutableClock clock = new MutableClock(T0);
    private final CountingStore store = new CountingStore();

    ResponseCache cache(int memoryEntries) {
        return new ResponseCache(new CacheSettings(true, Duration.ofSeconds(300), CacheMode.DETERMINISTIC, Map.of(),
                memoryEntries), Map.of(), store, clock);
    }

    static CachedAnswer answer(Instant at) {
        return new CachedAnswer("{}".getBytes(), "openai", null, 1, 1, 0.01, at);
    }

    @Test
    void aKeptAnswerIsServedFromMemoryWithoutReadingTheStore() {
        ResponseCache cache = cache(10);
        cache.keep("anonymous", FP, answer(T0));

        assertTrue(cache.find("anonymous", FP).isPresent());
        assertEquals(0, store.reads);
    }

    @Test
    void anotherInstancesAnswerIsReadOnceThenRemembered() {
        store.put("anonymous", FP, answer(T0), T0.plusSeconds(300));
        ResponseCache cache = cache(10);

        assertTrue(cache.find("anonymous", FP).isPresent());
        assertTrue(cache.find("anonymous", FP).isPresent());
        assertEquals(1, store.reads);
    }

    @Test
    void pastItsTtlAnAnswerIsAMissEvenIfTheStoreStillHasIt() {
        ResponseCache cache = cache(10);
        cache.keep("anonymous", FP, answer(T0));
        clock.advance(Duration.ofSeconds(301));

        assertTrue(cache.find("anonymous", FP).isEmpty());
    }

    @Test
    void theLeastRecentlyUsedAnswerLeavesMemoryFirst() {
        ResponseCache cache = cache(2);
        cache.keep("anonymous", "1", answer(T0));
        cache.keep("anonymous", "2", answer(T0));
        cache.find("anonymous", "1");
        cache.keep("anonymous", "3", answer(T0));
        store.reads = 0;

        cache.find("anonymous", "1");
        cache.find("anonymous", "3");
        assertEquals(0, store.reads, "1 was used last, 3 is new");
        cache.find("anonymous", "2");
        assertEquals(1, store.reads, "2 was dropped from memory");
    }

    @Test
    void aBrokenStoreIsAMissAndAnAnswerNotKept() {
        ResponseCache cache = cache(10);
        store.broken = true;

        cache.keep("anonymous", FP, answer(T0));
        assertTrue(cache.find("anonymous", FP).isEmpty());
        store.broken = false;
        assertTrue(cache.find("anonymous", FP).isEmpty(), "not remembered when the store could not keep it");
    }

    @Test
    void aRememberedAnswerIsServedAtOnceAndForgottenWhenTheStoreCannotKeepIt() {
        ResponseCache cache = cache(10);
        CachedAnswer answer = answer(T0);
        cache.remember("anonymous", FP, answer);
        assertTrue(cache.find("anonymous", FP).isPresent(), "before the store has it");
        assertEquals(0, store.reads);

        store.broken = true;
        cache.share("anonymous", FP, answer);
        assertTrue(cache.find("anonymous", FP).isEmpty());
    }
}
