package io.llmrouter.local;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official OpenAI Java client against the local stack: the router is a drop-in base URL. */
class OpenAiClientTest {

    @TempDir
    static Path work;
    static LocalDeployment stack;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        stack = DemoStack.start(work);
        client = OpenAIOkHttpClient.builder()
                .baseUrl(DemoStack.base(stack) + "/v1")
                .apiKey("not-needed-locally")
                .maxRetries(0)
                .build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static ChatCompletionCreateParams params() {
        return ChatCompletionCreateParams.builder().model("auto").addUserMessage("Say hello").maxCompletionTokens(8).build();
    }

    @Test
    void completesAndStreamsThroughTheRouter() {
        ChatCompletion completion = client.chat().completions().create(params());
        assertEquals(1, completion.choices().size());
        assertTrue(completion.usage().orElseThrow().totalTokens() > 0);

        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params())) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();
            assertFalse(chunks.isEmpty());
            assertTrue(chunks.stream().anyMatch(c -> !c.choices().isEmpty()
                    && c.choices().get(0).delta().content().isPresent()));
        }

        // Stop the cluster the router prefers: the client notices nothing.
        stack.llama().stop(0);
        ChatCompletion after = client.chat().completions().create(params());
        assertEquals(1, after.choices().size());
    }
}
