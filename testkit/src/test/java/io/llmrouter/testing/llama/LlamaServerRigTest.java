package io.llmrouter.testing.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One tiny-model server for the whole class: the read-only checks of a real llama-server. */
class LlamaServerRigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final LlamaServerRig LLAMA = LlamaServerRig.builder().model(TinyModels.TINY).slots(2).build();

    @Test
    void tinyModelLoadsAndHealthAnswers200() throws Exception {
        HttpResponse<String> health = LLAMA.server(0).get("/health");

        assertEquals(200, health.statusCode());
        assertEquals("ok", JSON.readTree(health.body()).path("status").asText());
    }

    @Test
    void chatCompletionHasTheOpenAiShapeWithUsage() throws Exception {
        String request = """
                {"model":"anything","messages":[{"role":"user","content":"hello world"}],"max_tokens":8}""";
        long begin = System.nanoTime();
        HttpResponse<String> response = LLAMA.server(0).postJson("/v1/chat/completions", request);
        System.out.printf("[llama-rig] tiny chat completion (8 tokens max) took %.1f ms%n", (System.nanoTime() - begin) / 1e6);

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals(LLAMA.server(0).alias(), body.path("model").asText());
        JsonNode choice = body.path("choices").path(0);
        assertEquals("assistant", choice.path("message").path("role").asText());
        assertTrue(choice.path("message").path("content").isTextual());
        assertTrue(choice.path("finish_reason").isTextual());
        JsonNode usage = body.path("usage");
        int prompt = usage.path("prompt_tokens").asInt(-1);
        int completion = usage.path("completion_tokens").asInt(-1);
        assertTrue(prompt > 0, usage.toString());
        assertTrue(completion > 0 && completion <= 8, usage.toString());
        assertEquals(prompt + completion, usage.path("total_tokens").asInt());
    }

    @Test
    void metricsCountPromptTokens() throws Exception {
        LLAMA.server(0).postJson("/v1/chat/completions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"count me\"}],\"max_tokens\":2}");

        HttpResponse<String> metrics = LLAMA.server(0).get("/metrics");

        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("llamacpp:prompt_tokens_total"), metrics.body());
        assertTrue(LLAMA.server(0).metric("llamacpp:prompt_tokens_total").orElseThrow() > 0);
        assertTrue(LLAMA.server(0).metric("llamacpp:no_such_metric").isEmpty());
    }

    @Test
    void serverListensOnlyOnItsLoopbackPort() throws IOException {
        LlamaServer server = LLAMA.server(0);

        assertEquals("127.0.0.1", server.baseUri().getHost());
        assertTrue(server.isAlive());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 1000);
        }
        assertThrows(IndexOutOfBoundsException.class, () -> LLAMA.server(1));
    }

    static void assertRefusesConnections(int port) {
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            }
        }, "port " + port + " still accepts connections");
    }

    static void assertHealthy(LlamaServer server) throws Exception {
        HttpResponse<String> health = server.get("/health");
        assertNotNull(health);
        assertEquals(200, health.statusCode());
        assertFalse(health.body().isEmpty());
    }
}
