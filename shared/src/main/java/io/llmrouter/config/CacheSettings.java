package io.llmrouter.config;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code cache} section: the response cache that answers a repeated request without asking a target.
 *
 * <pre>
 * cache:
 *   enabled: true            # false: no request is cached, the x-router-cache header is ignored
 *   ttl: 300s                # how long an answer is served from the cache
 *   mode: deterministic      # deterministic (temperature 0) | always | optIn: every key's default
 *   keys:                    # a key's own default, by stored key id, auth.clientKeys name, or "anonymous"
 *     key_0123456789abcdef: always
 *     batch-jobs: optIn
 *   memoryEntries: 1000      # answers each instance keeps in memory in front of DynamoDB; 0: none
 * </pre>
 *
 * <p>Why the per-key default lives in config and not on the stored key: it is a deployment's policy, changed
 * rarely and by whoever changes the config, and it keeps the admin API's key shape as it is.
 *
 * @param enabled       whether the router caches at all (when the route function has a cache store)
 * @param ttl           how long a cached answer is served
 * @param mode          every key's default, unless {@code keys} names it
 * @param keys          the default of one key, by stored key id, client key name, or {@link #ANONYMOUS}
 * @param memoryEntries how many answers each instance keeps in memory (least recently used go first; their bodies
 *                      take 32 MB at most, however many)
 */
public record CacheSettings(boolean enabled, Duration ttl, CacheMode mode, Map<String, CacheMode> keys,
                            int memoryEntries) {

    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    public static final int DEFAULT_MEMORY_ENTRIES = 1000;
    /** The scope of the requests an open router serves without a key it knows. */
    public static final String ANONYMOUS = "anonymous";
    public static final CacheSettings DEFAULTS =
            new CacheSettings(true, DEFAULT_TTL, CacheMode.DETERMINISTIC, Map.of(), DEFAULT_MEMORY_ENTRIES);

    public CacheSettings {
        if (!ttl.isPositive()) {
            throw new IllegalArgumentException("ttl must be longer than zero, was " + ttl);
        }
        if (memoryEntries < 0) {
            throw new IllegalArgumentException("memoryEntries must not be negative, was " + memoryEntries);
        }
        keys = Map.copyOf(keys);
    }

    /** The default of the key named {@code keyName} (a stored key's id, a client key's name, {@link #ANONYMOUS}). */
    public CacheMode modeOf(String keyName) {
        return keys.getOrDefault(keyName, mode);
    }
}
