package io.llmrouter.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code cache} section: TTL, every key's default and each key's own, the in-memory entries. */
class CacheConfigTest {

    private static final String TARGETS = """
            clusters:
              - {name: aws, endpoint: "https://aws.example.com", costPerHour: 0.09}
            """;

    @Test
    void theSectionIsRead() {
        CacheSettings cache = ConfigLoader.fromYaml(TARGETS + """
                cache:
                  ttl: 2m
                  mode: optIn
                  keys: {key_0123456789abcdef: always, batch-jobs: deterministic, anonymous: optIn}
                  memoryEntries: 50
                """, Map.of()).cache();

        assertEquals(Duration.ofMinutes(2), cache.ttl());
        assertEquals(CacheMode.OPT_IN, cache.mode());
        assertEquals(CacheMode.ALWAYS, cache.modeOf("key_0123456789abcdef"));
        assertEquals(CacheMode.DETERMINISTIC, cache.modeOf("batch-jobs"));
        assertEquals(CacheMode.OPT_IN, cache.modeOf("someone-else"), "a key the section does not name has its default");
        assertEquals(50, cache.memoryEntries());
    }

    @Test
    void withoutTheSectionTemperatureZeroRequestsAreCachedForFiveMinutes() {
        CacheSettings cache = ConfigLoader.fromYaml(TARGETS, Map.of()).cache();
        assertEquals(CacheSettings.DEFAULTS, cache);
        assertEquals(Duration.ofSeconds(300), cache.ttl());
        assertEquals(CacheMode.DETERMINISTIC, cache.modeOf(CacheSettings.ANONYMOUS));
    }

    @Test
    void theCacheCanBeTurnedOff() {
        assertFalse(ConfigLoader.fromYaml(TARGETS + "cache: {enabled: false}\n", Map.of()).cache().enabled());
    }

    @Test
    void badSettingsAreNamedByTheirPath() {
        List<String> problems = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(TARGETS + """
                cache:
                  ttl: 0s
                  mode: on
                  keys: {ops: sometimes}
                  memoryEntries: -1
                  size: 10
                """, Map.of())).problems();

        assertEquals(List.of(
                "cache.size: unknown key; expected one of enabled, ttl, mode, keys, memoryEntries",
                "cache.ttl: must be longer than zero, got 0s",
                "cache.mode: must be one of always, deterministic, optIn, got true",
                "cache.keys.ops: must be one of always, deterministic, optIn, got sometimes",
                "cache.memoryEntries: must not be negative, got -1"), problems);
    }
}
