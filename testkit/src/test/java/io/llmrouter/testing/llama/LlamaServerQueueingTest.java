package io.llmrouter.testing.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The small model on two slots: a third concurrent long generation really waits in the queue. */
class LlamaServerQueueingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SLOTS = 2;
    /** Per-slot context is 2048 / 2 = 1024 tokens; leave room for the prompt. */
    private static final int MAX_TOKENS = 600;

    @RegisterExtension
    static final LlamaServerRig LLAMA = LlamaServerRig.builder()
            .model(TinyModels.SMALL).slots(SLOTS).contextSize(2048).build();

    @Test
    void aThirdLongGenerationOnTwoSlotsIsDeferred() throws Exception {
        LlamaServer server = LLAMA.server(0);
        long begin = System.nanoTime();
        try (LongGenerations generations = LLAMA.startLongGenerations(0, SLOTS + 1, MAX_TOKENS)) {
            double deferred = awaitDeferredRequests(server, generations);
            assertTrue(deferred >= 1);

            List<HttpResponse<String>> responses = generations.awaitAll(Duration.ofMinutes(5));
            System.out.printf("[llama-rig] %d generations of %d tokens on %d slots finished in %d ms%n",
                    responses.size(), MAX_TOKENS, SLOTS, (System.nanoTime() - begin) / 1_000_000);
            for (HttpResponse<String> response : responses) {
                assertEquals(200, response.statusCode(), response.body());
                JsonNode body = JSON.readTree(response.body());
                // ignore_eos: every request, the deferred one included, generates all its tokens
                assertEquals(MAX_TOKENS, body.path("usage").path("completion_tokens").asInt());
                System.out.printf("[llama-rig] small model: %.0f tokens/s%n",
                        body.path("timings").path("predicted_per_second").asDouble());
            }
        }
        assertEquals(0.0, server.metric("llamacpp:requests_deferred").orElseThrow());
    }

    /** Polls /metrics until a request is deferred; fails only if all generations end first. */
    private static double awaitDeferredRequests(LlamaServer server, LongGenerations generations) throws Exception {
        while (generations.completedCount() < generations.count()) {
            double deferred = server.metric("llamacpp:requests_deferred").orElseThrow();
            if (deferred >= 1) {
                return deferred;
            }
            Thread.sleep(20);
        }
        return fail("all " + generations.count() + " generations finished without /metrics ever showing"
                + " a deferred request; server log:\n" + server.recentLog(20));
    }
}
