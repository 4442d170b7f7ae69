package io.llmrouter.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlotUsageTest {

    private static Optional<SlotUsage> slotsOf(String body) {
        return LlamaServerResponses.parse(body).flatMap(SlotUsage::from);
    }

    @Test
    void countsBusySlotsOfTheCapturedServers() {
        assertEquals(Optional.of(new SlotUsage(2, 2, 1024)), slotsOf(Fixtures.llamaServer("captured-v0.5.0/slots-busy.json")));
        assertEquals(Optional.of(new SlotUsage(0, 2, 512)), slotsOf(Fixtures.llamaServer("captured-v0.5.0/slots-fresh.json")));
        // A finished slot still lists its last task, but is_processing is false.
        assertEquals(Optional.of(new SlotUsage(0, 2, 512)), slotsOf(Fixtures.llamaServer("captured-v0.5.0/slots-after.json")));
    }

    @Test
    void readsTheHandWrittenFixture() {
        assertEquals(Optional.of(new SlotUsage(2, 4, 8192)), slotsOf(Fixtures.llamaServer("slots.json")));
    }

    @Test
    void readsTheStateFieldOfOlderBuildsAndTheSmallestContext() {
        String body = """
                [{"id":0,"n_ctx":4096,"state":1},{"id":1,"n_ctx":2048,"state":0},{"id":2,"state":1}]
                """;
        assertEquals(Optional.of(new SlotUsage(2, 3, 2048)), slotsOf(body));
    }

    @Test
    void anythingButAnArrayIsUnknown() {
        assertEquals(Optional.empty(), slotsOf(Fixtures.llamaServer("slots-no-slot-available.json")));
        assertEquals(Optional.empty(), slotsOf("{\"slots\":"));
        assertEquals(Optional.of(new SlotUsage(0, 0, null)), slotsOf("[]"));
    }
}
