package io.llmrouter.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PublishedSnapshotConfigTest {

    private static final String CLUSTER = """
            clusters:
              - {name: aws, endpoint: https://aws.example.com, costPerHour: 0.09}
            """;

    @Test
    void offUnlessConfigured() {
        RouterConfig config = ConfigLoader.fromYaml(CLUSTER + "store: {partition: p}", Map.of());

        assertFalse(config.store().publishing().enabled());
        assertEquals(SnapshotPublishing.off(), config.store().publishing());
    }

    @Test
    void shardsAndMaxAgeAreRead() {
        RouterConfig config = ConfigLoader.fromYaml(CLUSTER + """
                store:
                  publishedSnapshot: {shards: 8, maxAge: 75s}
                """, Map.of());

        assertEquals(new SnapshotPublishing(8, Duration.ofSeconds(75)), config.store().publishing());
    }

    @Test
    void maxAgeCoversTwoPollRoundsUnsetAndMustWhenSet() {
        RouterConfig unset = ConfigLoader.fromYaml(CLUSTER + """
                router: {healthCheckInterval: 45s}
                store: {publishedSnapshot: {shards: 2}}
                """, Map.of());
        ConfigException tooShort = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(CLUSTER + """
                router: {healthCheckInterval: 45s}
                store: {publishedSnapshot: {shards: 2, maxAge: 60s}}
                """, Map.of()));

        assertEquals(Duration.ofSeconds(90), unset.store().publishing().maxAge());
        assertEquals(List.of("store.publishedSnapshot.maxAge: must be at least two router.healthCheckInterval (90 s): "
                + "the health poller republishes the snapshot once a round; got 60 s"), tooShort.problems());
    }

    @Test
    void badValuesNameTheirPath() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(CLUSTER + """
                store:
                  publishedSnapshot: {shards: 101, maxAge: 0s, copies: 3}
                """, Map.of()));

        assertEquals(List.of(
                "store.publishedSnapshot.copies: unknown key; expected one of shards, maxAge",
                "store.publishedSnapshot.shards: must be 0 (off) to 100, got 101",
                "store.publishedSnapshot.maxAge: must be longer than zero, got 0s"), e.problems());
    }
}
