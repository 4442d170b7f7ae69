package io.llmrouter.forward.translate;

import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.llmrouter.forward.sse.SseEvent;
import io.llmrouter.forward.sse.SseReader;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The answers the router gives from OpenAI-compatible targets (llama-server and OpenAI, passed through)
 * and the streams it makes of single completions, against the official OpenAI Java SDK's types: each
 * must parse into {@link ChatCompletion} or {@link ChatCompletionChunk} and pass the SDK's own
 * {@code validate()}, which requires what OpenAI always sends (a message's {@code refusal}, a choice's
 * {@code logprobs}, both null when there is nothing to say). llama-server leaves those out; the router
 * puts them in, so a client's SDK reads every target's answer alike.
 */
class OpenAiAnswerContractTest {

    static Stream<Arguments> completions() {
        return Stream.of(
                arguments("llama-server's chat completion", LoopbackLlamaServer.fixture("chat-completion.json")),
                arguments("OpenAI's chat completion", WireFixtures.text("openai/chat-completion.json")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completions")
    void aPassedThroughCompletionIsOneTheSdkAccepts(String name, String upstream) throws Exception {
        TranslatedResponse answer = new OpenAiToOpenAi().fromUpstream(200, upstream.getBytes(StandardCharsets.UTF_8),
                "auto");

        ChatCompletion completion = parse(answer.bodyBytes(), ChatCompletion.class);
        assertDoesNotThrow(() -> completion.validate(), name);
        assertTrue(completion.choices().get(0).message().refusal().isEmpty(), "refusal is there, and null");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("completions")
    void aCompletionToldAsAStreamIsMadeOfChunksTheSdkAccepts(String name, String upstream) throws Exception {
        TranslatedResponse answer = new OpenAiToOpenAi().fromUpstream(200, upstream.getBytes(StandardCharsets.UTF_8), "auto");

        assertChunksValid(name, data(CompletionAsStream.events(answer.body(), answer.usage(), true)));
        List<String> withoutUsage = data(CompletionAsStream.events(answer.body(), Usage.UNKNOWN, true));
        assertChunksValid(name + ", its usage unknown", withoutUsage);
        assertTrue(withoutUsage.stream().noneMatch(chunk -> chunk.contains("\"usage\"")),
                "no usage chunk of nulls: " + withoutUsage);
    }

    /** A refusal told as a stream keeps its refusal: a chunk with {@code delta.refusal}, then content_filter. */
    @org.junit.jupiter.api.Test
    void aRefusalToldAsAStreamCarriesTheRefusal() throws Exception {
        TranslatedResponse refused = new OpenAiToAnthropic().fromUpstream(200,
                WireFixtures.bytes("anthropic/message-refusal.json"), "auto");

        List<String> chunks = data(CompletionAsStream.events(refused.body(), refused.usage(), false));

        assertChunksValid("a refusal", chunks);
        String refusal = refused.body().at("/choices/0/message/refusal").asText();
        assertTrue(!refusal.isEmpty() && chunks.stream().anyMatch(chunk -> chunk.contains("\"refusal\":")),
                chunks.toString());
        assertTrue(chunks.stream().anyMatch(chunk -> chunk.contains("\"finish_reason\":\"content_filter\"")),
                chunks.toString());
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                arguments("llama-server's stream", LoopbackLlamaServer.fixture("chat-completion-stream.txt")),
                arguments("OpenAI's stream", WireFixtures.text("openai/chat-completion-stream.txt")),
                arguments("llama-server's stream, as OpenAI's wire fixture has it", WireFixtures.text("openai/llama-server-stream.txt")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void aRelayedStreamIsMadeOfChunksTheSdkAccepts(String name, String upstream) throws Exception {
        StreamTranslator translator = new OpenAiToOpenAi().stream("auto", true);
        List<SseEvent> relayed = new ArrayList<>();
        SseReader reader = new SseReader(new ByteArrayInputStream(upstream.getBytes(StandardCharsets.UTF_8)));
        for (SseEvent event; (event = reader.next()) != null; ) {
            relayed.addAll(translator.onEvent(event));
        }
        relayed.addAll(translator.onEnd());

        List<String> chunks = relayed.stream().map(SseEvent::data).toList();
        assertTrue(translator.completed(), name);
        assertChunksValid(name, chunks);
    }

    private static void assertChunksValid(String name, List<String> chunks) throws IOException {
        assertFalse(chunks.isEmpty());
        for (String chunk : chunks) {
            if (chunk.equals("[DONE]")) {
                continue;
            }
            ChatCompletionChunk parsed = parse(chunk.getBytes(StandardCharsets.UTF_8), ChatCompletionChunk.class);
            assertDoesNotThrow(() -> parsed.validate(), name + ": " + chunk);
        }
    }

    static <T> T parse(byte[] json, Class<T> type) throws IOException {
        return ObjectMappers.jsonMapper().readValue(json, type);
    }

    private static List<String> data(byte[] sse) throws IOException {
        List<String> data = new ArrayList<>();
        SseReader reader = new SseReader(new ByteArrayInputStream(sse));
        for (SseEvent event; (event = reader.next()) != null; ) {
            data.add(event.data());
        }
        return data;
    }
}
