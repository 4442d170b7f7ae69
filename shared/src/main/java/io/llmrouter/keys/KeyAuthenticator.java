package io.llmrouter.keys;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks presented secrets against the stored keys without a DynamoDB call per request: each instance
 * keeps what it read about a key id, found or not, for {@code ttl}. A revocation therefore takes effect
 * on every instance within {@code ttl} (at once on the instance that made it, see {@link #forget}), and
 * so does a new key that an instance had already looked for. Expiry is checked against the clock on
 * every request, from the cached record.
 *
 * <p>The cache is bounded: presenting many made-up keys fills it with absences, so past
 * {@value #MAX_ENTRIES} entries it is emptied and refilled from the requests that follow.
 */
public final class KeyAuthenticator {

    static final int MAX_ENTRIES = 10_000;
    private static final Logger log = LoggerFactory.getLogger(KeyAuthenticator.class);

    /** A key as read at {@code readAt}; a null {@code readAt} marks a key {@linkplain #forget forgotten}, to be read again. */
    private record Entry(Optional<ApiKey> key, Instant readAt) {
    }

    private final KeyStore store;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public KeyAuthenticator(KeyStore store, Duration ttl, Clock clock) {
        this.store = store;
        this.ttl = ttl;
        this.clock = clock;
    }

    public KeyCheck check(String presentedSecret) {
        return checkHash(KeySecrets.sha256(presentedSecret));
    }

    /** As {@link #check(String)}, for a presented secret already hashed ({@link KeySecrets#sha256}). */
    public KeyCheck checkHash(byte[] sha256) {
        String hash = HexFormat.of().formatHex(sha256);
        String id = KeySecrets.idOfHash(hash);
        Instant now = clock.instant();
        Optional<ApiKey> stored = lookUp(id, now);
        // The id is only a prefix of the hash: the whole hash must match, in constant time.
        if (stored.isEmpty() || !KeySecrets.sameHash(hash, stored.get().secretSha256())) {
            return new KeyCheck.Unknown();
        }
        return state(stored.get(), now);
    }

    /**
     * What the key with {@code id} is now, from the same cache, for work done later on behalf of a key that
     * presented its secret earlier (a batch's requests): no secret is compared, the caller knows the id from
     * a check that passed.
     */
    public KeyCheck checkId(String id) {
        Instant now = clock.instant();
        Optional<ApiKey> stored = lookUp(id, now);
        if (stored.isEmpty()) {
            return new KeyCheck.Unknown();
        }
        return state(stored.get(), now);
    }

    private static KeyCheck state(ApiKey key, Instant now) {
        if (key.revoked()) {
            return new KeyCheck.Revoked(key);
        }
        if (key.expired(now)) {
            return new KeyCheck.Expired(key);
        }
        return new KeyCheck.Valid(key);
    }

    /** Drops what this instance knows about a key, after an admin change made through it. */
    public void forget(String id) {
        // A marker rather than a removal: a request that read the key from the store before the change may return
        // after this, and it caches what it read only over the entry it started from (see lookUp), not over this.
        entries.put(id, new Entry(Optional.empty(), null));
    }

    private Optional<ApiKey> lookUp(String id, Instant now) {
        Entry seen = entries.get(id);
        Entry entry = seen == null || seen.readAt() == null ? null : seen;
        if (entry != null && now.isBefore(entry.readAt().plus(ttl))) {
            return entry.key();
        }
        Optional<ApiKey> key;
        try {
            key = store.find(id);
        } catch (RuntimeException unreadable) {
            if (entry == null) {
                throw unreadable;
            }
            // Better a record a little older than the TTL than refusing a key we know while DynamoDB is away.
            log.warn("API key {} could not be read again, using what was read at {}: {}", id, entry.readAt(),
                    unreadable.toString());
            return entry.key();
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        // Only over the entry this read started from (the same object): if forget() replaced it meanwhile, what was
        // read may be from before an admin change, and caching it would undo the forgetting for a whole TTL.
        entries.compute(id, (k, current) -> current == seen ? new Entry(key, now) : current);
        return key;
    }
}
