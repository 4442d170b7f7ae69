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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
