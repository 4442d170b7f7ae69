package io.llmrouter.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.testing.aws.EventBridgeStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventBridgeTransitionPublisherTest {

    /** The rule the deployment templates put on the bus to alert when a cluster goes down. */
    static final String CLUSTER_DOWN_PATTERN = """
            {"source":["llm-router.health-poller"],"detail-type":["Cluster Health Changed"],"detail":{"current":["down"]}}""";

    private EventBridgeStub eventBridge;

    @BeforeEach
    void start() throws Exception {
        eventBridge = new EventBridgeStub();
    }

    @AfterEach
    void stop() {
        eventBridge.close();
    }

    @Test
    void publishesEachTransitionAsAnEventThatRulesCanMatch() {
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        var publisher = new EventBridgeTransitionPublisher(eventBridge.client(), "llm-router");

        publisher.publish(List.of(
                new HealthTransition("aws-us-west-2", "up", "down", "connect refused", at),
                new HealthTransition("gcp-us-central1", "down", "up", "ok", at)));

        List<JsonNode> events = eventBridge.events();
        assertEquals(2, events.size());
        JsonNode first = events.get(0);
        assertEquals("llm-router.health-poller", first.path("source").asText());
        assertEquals("Cluster Health Changed", first.path("detail-type").asText());
        assertEquals("llm-router", first.path("eventBusName").asText());
        assertEquals("aws-us-west-2", first.path("detail").path("cluster").asText());
        assertEquals("up", first.path("detail").path("previous").asText());
        assertEquals("connect refused", first.path("detail").path("reason").asText());
        assertEquals(at, Instant.parse(first.path("time").asText()));

        List<JsonNode> downs = eventBridge.eventsMatching(CLUSTER_DOWN_PATTERN);
        assertEquals(1, downs.size());
        assertEquals("aws-us-west-2", downs.get(0).path("detail").path("cluster").asText());
    }

    @Test
    void sendsAtMostTenEntriesPerCall() {
        Instant at = Instant.parse("2026-11-22T10:00:00Z");
        List<HealthTransition> many = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            many.add(new HealthTransition("c" + i, "up", "down", "timeout", at));
        }
        new EventBridgeTransitionPublisher(eventBridge.client(), "default").publish(many);
        assertEquals(23, eventBridge.events().size());
    }

    @Test
    void aFailingBusDoesNotThrow() {
        eventBridge.failNextCalls(10);
        var publisher = new EventBridgeTransitionPublisher(eventBridge.client(), "default");
        publisher.publish(List.of(new HealthTransition("c", "up", "down", "timeout", Instant.now())));
        assertTrue(eventBridge.events().isEmpty());
    }
}
