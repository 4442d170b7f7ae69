package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.llmrouter.forward.translate.WireFixtures.assertEvents;
import static io.llmrouter.forward.translate.WireFixtures.chunks;
import static io.llmrouter.forward.translate.WireFixtures.events;
import static io.llmrouter.forward.translate.WireFixtures.json;
import static io.llmrouter.forward.translate.WireFixtures.text;
import static io.llmrouter.forward.translate.WireFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiToOpenAiTest {

    private static final String CLIENT_MODEL = "fast";

    private final OpenAiToOpenAi translator = new OpenAiToOpenAi();

    // ---------------------------------------------------------------- requests

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("only the model changes in a plain request",
                        """
                        {"model":"fast","messages":[{"role":"developer","content":"You are a helpful assistant."},
                          {"role":"user","content":"Hello!"}],"temperature":0.7,"logprobs":true,"n":2,
                          "tools":[{"type":"function","function":{"name":"f"}}],"some_future_field":{"x":1}}""",
                        """
                        {"model":"gpt-4o-mini","messages":[{"role":"developer","content":"You are a helpful assistant."},
                          {"role":"user","content":"Hello!"}],"temperature":0.7,"logprobs":true,"n":2,
                          "tools":[{"type":"function","function":{"name":"f"}}],"some_future_field":{"x":1}}"""),
                Arguments.of("a stream always asks for usage",
                        """
                        {"model":"fast","stream":true,"messages":[{"role":"user","content":"Hello!"}]}""",
                        """
                        {"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Hello!"}],
                         "stream_options":{"include_usage":true}}"""),
                Arguments.of("other stream options are kept",
                        """
                        {"stream":true,"stream_options":{"include_usage":false,"include_obfuscation":false},
                         "messages":[{"role":"user","content":"Hello!"}]}""",
                        """
                        {"model":"gpt-4o-mini","stream":true,
                         "stream_options":{"include_usage":true,"include_obfuscation":false},
                         "messages":[{"role":"user","content":"Hello!"}]}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void passesRequestsThrough(String name, String openAiRequest, String expectedBody) throws Exception {
        JsonNode original = json(openAiRequest);
        JsonNode copy = original.deepCopy();
        UpstreamRequest request = translator.toUpstream(original, "gpt-4o-mini");
        assertEquals(json(expectedBody), json(new String(request.body(), StandardCharsets.UTF_8)));
        assertEquals(copy, original, "the client's request is not modified");
    }

    @Test
    void postsToChatCompletionsUnderTheBaseUrl() throws Exception {
        UpstreamRequest request = translator.toUpstream(
                json("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), "gpt-4o-mini");
        assertEquals("POST", request.method());
        assertEquals("https://api.openai.com/v1/chat/completions", translator.defaultBaseUrl() + request.path());
        assertEquals(Map.of("content-type", "application/json", "accept", "text/event-stream"), request.headers());
        assertTrue(request.streaming());
        assertEquals(Map.of("authorization", "Bearer sk-secret"), translator.authHeaders("sk-secret"));
        assertFalse(request.toString().contains("Hi"), "the prompt stays out of toString: " + request);
    }

    @Test
    void rejectsABodyThatIsNotAnObject() {
        assertNull(assertThrows(RequestTranslationException.class,
                () -> translator.toUpstream(json("\"hello\""), "gpt-4o-mini")).param());
    }

    // ---------------------------------------------------------------- responses

    @Test
    void passesTheResponseThroughWithTheClientModel() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200, WireFixtures.bytes("openai/chat-completion.json"),
                CLIENT_MODEL);
        ObjectNode expected = WireFixtures.tree("openai/chat-completion.json");
        expected.put("model", CLIENT_MODEL);
        assertEquals(expected, response.body());
        assertEquals(new Usage(1117, 46, 0), response.usage());
    }

    @Test
    void readsLlamaServerUsageWithCachedTokens() {
        JsonNode completion = json("{\"choices\":[],\"usage\":{\"completion_tokens\":20,\"prompt_tokens\":101,"
                + "\"total_tokens\":121,\"prompt_tokens_details\":{\"cached_tokens\":14}}}");
        assertEquals(new Usage(101, 20, 14), translator.usage(completion));
        assertEquals(new Usage(101, 20, null), translator.usage(json(
                "{\"usage\":{\"completion_tokens\":20,\"prompt_tokens\":101,\"total_tokens\":121}}")));
        assertEquals(Usage.UNKNOWN, translator.usage(json("{\"choices\":[]}")));
    }

    @Test
    void passesAnOpenAiErrorThrough() throws Exception {
        TranslatedResponse response = translator.fromUpstream(401,
                WireFixtures.bytes("openai/error-invalid-api-key.json"), CLIENT_MODEL);
        assertEquals(401, response.status());
        assertEquals(WireFixtures.tree("openai/error-invalid-api-key.json"), response.body());
    }

    @Test
    void anErrorWithoutAnOpenAiBodyGetsOne() throws Exception {
        TranslatedResponse response = translator.fromUpstream(503,
                "upstream connect error or disconnect/reset before headers".getBytes(StandardCharsets.UTF_8), CLIENT_MODEL);
        assertEquals(503, response.status());
        assertEquals("openai answered HTTP 503 without an error message",
                response.body().path("error").get("message").asText());
    }

    @Test
    void rejectsASuccessBodyThatIsNotACompletion() {
        assertTrue(assertThrows(UpstreamFormatException.class, () -> translator.fromUpstream(200,
                "<html></html>".getBytes(StandardCharsets.UTF_8), CLIENT_MODEL)).getMessage()
                .startsWith("openai response is not valid JSON"));
        assertEquals("openai response has no choices array", assertThrows(UpstreamFormatException.class,
                () -> translator.fromUpstream(200, "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), CLIENT_MODEL))
                .getMessage());
    }

    // ---------------------------------------------------------------- streams

    private static final String HEAD = "\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,"
            + "\"model\":\"fast\",\"system_fingerprint\":\"fp_44709d6fcb\"";

    @Test
    void passesTheStreamAndItsUsageChunkToAClientThatAskedForUsage() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, events(text("openai/chat-completion-stream.txt")));
        assertEvents(List.of(
                "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}",
                "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}],\"usage\":null}",
                "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                        + "\"usage\":null}",
                "{" + HEAD + ",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":1,\"total_tokens\":10,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,"
                        + "\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}",
                "[DONE]"), out);
        assertTrue(stream.completed());
        assertEquals(new Usage(9, 1, 0), stream.usage());
    }

    @Test
    void hidesTheUsageTheRouterAskedForFromAClientThatDidNot() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = translate(stream, events(text("openai/chat-completion-stream.txt")));
        assertEvents(List.of(
                "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                        + "\"logprobs\":null,\"finish_reason\":null}]}",
                "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,"
                        + "\"finish_reason\":null}]}",
                "{" + HEAD + ",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}",
                "[DONE]"), out);
        assertEquals(new Usage(9, 1, 0), stream.usage(), "the router still learns the usage");
    }

    @Test
    void passesARealLlamaServerStream() {
        List<SseEvent> upstream = events(text("openai/llama-server-stream.txt"));
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = translate(stream, upstream);
        assertEquals(upstream.size() - 1, out.size(), "everything but the usage chunk");
        assertTrue(chunks(out).stream().allMatch(c -> c.get("model").asText().equals(CLIENT_MODEL)));
        assertTrue(chunks(out).stream().allMatch(c -> c.get("choices").size() == 1));
        assertEquals("length", chunks(out).get(chunks(out).size() - 1).path("choices").get(0).get("finish_reason").asText());
        assertEquals(new Usage(59, 20, 14), stream.usage());
        assertTrue(stream.completed());
        // llama-server's extra fields pass untouched
        JsonNode upstreamFirst = json(upstream.get(0).data());
        ((ObjectNode) upstreamFirst).put("model", CLIENT_MODEL);
        assertEquals(upstreamFirst, json(out.get(0).data()));
    }

    @Test
    void anErrorInsideTheStreamPassesThroughAndEndsIt() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, events(text("openai/chat-completion-stream-error.txt")));
        assertEquals(3, out.size());
        assertEquals(json("{\"error\": {\"message\": \"The server had an error while processing your request. "
                + "Sorry about that!\", \"type\": \"server_error\"}}"), json(out.get(2).data()));
        assertEquals(new StreamFailure(StreamFailure.Kind.UPSTREAM_ERROR,
                "The server had an error while processing your request. Sorry about that!"), stream.failure().orElseThrow());
        assertFalse(stream.completed());
    }

    @Test
    void aStreamWithoutDoneIsTruncated() {
        List<SseEvent> upstream = events(text("openai/chat-completion-stream.txt"));
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, upstream.subList(0, upstream.size() - 1));
        assertEquals("stream_interrupted", json(out.get(out.size() - 1).data()).path("error").get("code").asText());
        assertEquals(StreamFailure.Kind.TRUNCATED, stream.failure().orElseThrow().kind());
        assertEquals(new Usage(9, 1, 0), stream.usage(), "what was reported before the cut stays known");
    }

    @Test
    void anEventThatIsNotJsonFailsTheStream() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = stream.onEvent(SseEvent.data("<html>"));
        assertEquals("invalid_upstream_event", json(out.get(0).data()).path("error").get("code").asText());
        assertEquals(StreamFailure.Kind.INVALID_EVENT, stream.failure().orElseThrow().kind());
    }
}
