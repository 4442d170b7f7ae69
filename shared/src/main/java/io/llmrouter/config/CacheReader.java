package io.llmrouter.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code cache} section ({@link CacheSettings}); absent, the defaults apply. */
final class CacheReader {

    private static final List<String> KEYS = List.of("enabled", "ttl", "mode", "keys", "memoryEntries");

    private CacheReader() {
    }

    static CacheSettings read(ConfigNode cache) {
        if (!cache.isPresent()) {
            return CacheSettings.DEFAULTS;
        }
        cache.checkMapping(KEYS, List.of());
        boolean enabled = cache.get("enabled").bool().orElse(true);
        Duration ttl = cache.get("ttl").duration().check(Duration::isPositive, "must be longer than zero")
                .orElse(CacheSettings.DEFAULT_TTL);
        Map<String, CacheMode> modes = new LinkedHashMap<>();
        for (CacheMode mode : CacheMode.values()) {
            modes.put(mode.configName(), mode);
        }
        CacheMode mode = cache.get("mode").choice(modes).orElse(CacheMode.DETERMINISTIC);
        Map<String, CacheMode> keys = new LinkedHashMap<>();
        cache.get("keys").entries().forEach((name, node) -> {
            CacheMode keyMode = node.choice(modes).get();
            if (keyMode != null) {
                keys.put(name, keyMode);
            }
        });
        int memoryEntries = cache.get("memoryEntries").integer().check(v -> v >= 0, "must not be negative")
                .orElse(CacheSettings.DEFAULT_MEMORY_ENTRIES);
        return new CacheSettings(enabled, ttl, mode, keys, memoryEntries);
    }
}
