package io.llmrouter.keys;

import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key cache on its own, over a store in memory that can be made unreachable. */
class KeyAuthenticatorTest {

    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");
    static final Duration TTL = Duration.ofSeconds(30);

    private final MutableClock clock = new MutableClock(T0);
    private final MemoryStore store = new MemoryStore();
    private final KeyAuthenticator authenticator = new KeyAuthenticator(store, TTL, clock);

    static final class MemoryStore implements KeyStore {
        final Map<String, ApiKey> keys = new HashMap<>();
        boolean unreachable;
        int finds;

        @Override
        public boolean create(ApiKey key) {
            return keys.putIfAbsent(key.id(), key) == null;
        }

        @Override
        public Optional<ApiKey> find(String id) {
            finds++;
            if (unreachable) {
                throw new RoutingStateUnavailableException("unreachable", new RuntimeException());
            }
            return Optional.ofNullable(keys.get(id));
        }

        @Override
        public List<ApiKey> list() {
            return List.copyOf(keys.values());
        }

        @Override
        public boolean replace(ApiKey expected, ApiKey key) {
            return keys.replace(key.id(), expected, key);
        }
    }

    static ApiKey key(String secret, Instant expiresAt) {
        String hash = KeySecrets.sha256Hex(secret);
        return new ApiKey(KeySecrets.idOfHash(hash), hash, "k", null, null, null, null, null, null, expiresAt, T0,
                null);
    }

    @Test
    void expiryIsCheckedOnEveryRequestFromTheCachedRecord() {
        store.create(key("sk-a", T0.plusSeconds(10)));
        assertInstanceOf(KeyCheck.Valid.class, authenticator.check("sk-a"));

        clock.advance(Duration.ofSeconds(10));

        assertInstanceOf(KeyCheck.Expired.class, authenticator.check("sk-a"));
        assertEquals(1, store.finds, "within the TTL, from the cache");
    }

    @Test
    void aSecretWhoseIdMatchesButWhoseHashDoesNotIsUnknown() {
        ApiKey real = key("sk-a", null);
        // A stored item under the id of another secret: only the whole hash decides.
        store.keys.put(KeySecrets.idOf("sk-b"), new ApiKey(KeySecrets.idOf("sk-b"), real.secretSha256(), "k", null,
                null, null, null, null, null, null, T0, null));
        assertInstanceOf(KeyCheck.Unknown.class, authenticator.check("sk-b"));
    }

    @Test
    void anUnreachableStoreServesWhatWasReadButCannotVouchForANewKey() {
        store.create(key("sk-a", null));
        assertInstanceOf(KeyCheck.Valid.class, authenticator.check("sk-a"));
        store.unreachable = true;
        clock.advance(TTL.plusSeconds(1));

        assertInstanceOf(KeyCheck.Valid.class, authenticator.check("sk-a"));
        assertThrows(RoutingStateUnavailableException.class, () -> authenticator.check("sk-new"));
    }

    @Test
    void forgetMakesTheNextCheckReadTheStore() {
        ApiKey key = key("sk-a", null);
        store.create(key);
        authenticator.check("sk-a");
        store.replace(key, key.withRevokedAt(T0));

        authenticator.forget(key.id());

        assertInstanceOf(KeyCheck.Revoked.class, authenticator.check("sk-a"));
    }

    @Test
    void manyMadeUpKeysDoNotGrowTheCacheWithoutBound() {
        store.create(key("sk-a", null));
        authenticator.check("sk-a");
        for (int i = 0; i < KeyAuthenticator.MAX_ENTRIES; i++) {
            authenticator.check("sk-made-up-" + i);
        }
        int before = store.finds;

        authenticator.check("sk-a");

        assertEquals(before + 1, store.finds, "the full cache was emptied, so the key is read again");
    }
    /**
     * A request reads a key from the store just before an admin call on the same instance revokes it and makes the
     * cache forget it; the request's read returns after that. What it read must not go back into the cache, or the
     * revoked key keeps working on this instance for a whole TTL.
     */
    @Test
    void aReadFromBeforeARevocationDoesNotOutliveTheForgetting() throws Exception {
        ApiKey key = key("sk-a", null);
        store.create(key);
        SlowFind slow = new SlowFind(store);
        KeyAuthenticator cache = new KeyAuthenticator(slow, TTL, clock);
        CompletableFuture<KeyCheck> before =
                CompletableFuture.supplyAsync(() -> cache.check("sk-a"));
        assertTrue(slow.found.await(10, TimeUnit.SECONDS));

        store.replace(key, key.withRevokedAt(T0));
        cache.forget(key.id());
        slow.release.countDown();

        assertInstanceOf(KeyCheck.Valid.class, before.get(10, TimeUnit.SECONDS),
                "the request that read first is served on what it read");
        assertInstanceOf(KeyCheck.Revoked.class, cache.check("sk-a"), "the next one sees the revocation");
    }

    /** A store whose first read is made at once but returns only when {@link #release} is counted down. */
    static final class SlowFind implements KeyStore {
        final CountDownLatch found = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);
        private final KeyStore store;

        SlowFind(KeyStore store) {
            this.store = store;
        }

        @Override
        public Optional<ApiKey> find(String id) {
            Optional<ApiKey> key = store.find(id);
            if (first.getAndSet(false)) {
                found.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return key;
        }

        @Override
        public boolean create(ApiKey key) {
            return store.create(key);
        }

        @Override
        public List<ApiKey> list() {
            return store.list();
        }

        @Override
        public boolean replace(ApiKey expected, ApiKey key) {
            return store.replace(expected, key);
        }
    }
}
