package io.llmrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.llmrouter.health.LlamaServerResponses.HealthStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class LlamaServerResponsesTest {

    @Test
    void readsTheHealthOfEveryBuild() {
        assertEquals(new HealthStatus(true, "ok"), LlamaServerResponses.health(200, Fixtures.llamaServer("health-ok.json")));
        // 2024-era builds: extra slot counts beside the status, and the loading state as a status word.
        assertEquals(new HealthStatus(true, "ok"),
                LlamaServerResponses.health(200, "{\"status\":\"ok\",\"slots_idle\":1,\"slots_processing\":0}"));
        assertEquals(new HealthStatus(false, "HTTP 503 loading model"),
                LlamaServerResponses.health(503, "{\"status\":\"loading model\"}"));
        assertEquals(new HealthStatus(false, "HTTP 503 no slot available"),
                LlamaServerResponses.health(503, Fixtures.llamaServer("slots-no-slot-available.json")));
        assertEquals(new HealthStatus(false, "HTTP 200 status starting"),
                LlamaServerResponses.health(200, "{\"status\":\"starting\"}"));
    }

    @Test
    void errorMessagesBecomeOneShortLine() {
        String longMessage = "x".repeat(500);
        HealthStatus status = LlamaServerResponses.health(500,
                "{\"error\":{\"code\":500,\"message\":\"first line\\nsecond line " + longMessage + "\",\"type\":\"server_error\"}}");

        assertEquals("HTTP 500 first line second line " + "x".repeat(200 - "first line second line ".length()) + "...",
                status.reason());
    }

    @Test
    void listsModelIdsOnceEach() {
        assertEquals(List.of("tiny-random-llama"), LlamaServerResponses.modelIds(Fixtures.llamaServer("captured-v0.5.0/models.json")));
        assertEquals(List.of("a", "b"), LlamaServerResponses.modelIds(
                "{\"object\":\"list\",\"data\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":\"a\"},{\"id\":7},{\"object\":\"model\"}]}"));
        assertEquals(List.of(), LlamaServerResponses.modelIds("not json"));
        assertEquals(List.of(), LlamaServerResponses.modelIds(""));
    }
}
