package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;
import io.llmrouter.forward.sse.SseParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.llmrouter.forward.translate.WireFixtures.CLOCK;
import static io.llmrouter.forward.translate.WireFixtures.assertEvents;
import static io.llmrouter.forward.translate.WireFixtures.assertJson;
import static io.llmrouter.forward.translate.WireFixtures.chunk;
import static io.llmrouter.forward.translate.WireFixtures.events;
import static io.llmrouter.forward.translate.WireFixtures.json;
import static io.llmrouter.forward.translate.WireFixtures.text;
import static io.llmrouter.forward.translate.WireFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiToGeminiTest {

    private static final String MODEL = "gemini-2.0-flash";
    private static final String CLIENT_MODEL = "smart";
    private static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Get the current weather",
             "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}""";
    private static final String WEATHER_DECLARATION = """
            {"name":"get_weather","description":"Get the current weather",
             "parametersJsonSchema":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}""";
    private static final String HI = "{\"role\":\"user\",\"content\":\"Hi\"}";
    private static final String HI_GEMINI = "{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}";

    private final AtomicInteger idCounter = new AtomicInteger();
    private final OpenAiToGemini translator = new OpenAiToGemini(CLOCK, () -> "id" + idCounter.incrementAndGet());

    // ---------------------------------------------------------------- requests

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("a system prompt becomes systemInstruction",
                        """
                        {"model":"smart","messages":[{"role":"system","content":"You are a cat. Your name is Neko."},
                          {"role":"user","content":"Hello there"}]}""",
                        """
                        {"contents":[{"role":"user","parts":[{"text":"Hello there"}]}],
                         "systemInstruction":{"parts":[{"text":"You are a cat. Your name is Neko."}]}}"""),
                Arguments.of("several system messages become several parts, in order",
                        "{\"messages\":[{\"role\":\"system\",\"content\":\"A\"},{\"role\":\"developer\",\"content\":\"B\"},"
                                + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],"
                                + "\"systemInstruction\":{\"parts\":[{\"text\":\"A\"},{\"text\":\"B\"}]}}"),
                Arguments.of("assistant turns become model turns",
                        """
                        {"messages":[{"role":"user","content":"Hello"},
                          {"role":"assistant","content":"Great to meet you. What would you like to know?"},
                          {"role":"user","content":"I have two dogs in my house. How many paws are in my house?"}]}""",
                        """
                        {"contents":[{"role":"user","parts":[{"text":"Hello"}]},
                          {"role":"model","parts":[{"text":"Great to meet you. What would you like to know?"}]},
                          {"role":"user","parts":[{"text":"I have two dogs in my house. How many paws are in my house?"}]}]}"""),
                Arguments.of("consecutive turns of one role are merged; empty text is dropped",
                        """
                        {"messages":[{"role":"user","content":"A"},{"role":"user","content":"B"},
                          {"role":"assistant","content":""},{"role":"user","content":"C"}]}""",
                        """
                        {"contents":[{"role":"user","parts":[{"text":"A"},{"text":"B"},{"text":"C"}]}]}"""),
                Arguments.of("sampling parameters go to generationConfig",
                        "{\"max_tokens\":800,\"temperature\":1.0,\"top_p\":0.8,\"stop\":[\"Title\"],\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],\"generationConfig\":{\"maxOutputTokens\":800,"
                                + "\"temperature\":1.0,\"topP\":0.8,\"stopSequences\":[\"Title\"]}}"),
                Arguments.of("temperature up to 2, a stop string, max_completion_tokens",
                        "{\"max_completion_tokens\":64,\"temperature\":1.7,\"stop\":\"END\",\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],\"generationConfig\":{\"maxOutputTokens\":64,"
                                + "\"temperature\":1.7,\"stopSequences\":[\"END\"]}}"),
                Arguments.of("penalties, seed and JSON mode",
                        "{\"presence_penalty\":0.5,\"frequency_penalty\":-0.5,\"seed\":42,"
                                + "\"response_format\":{\"type\":\"json_object\"},\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],\"generationConfig\":{\"presencePenalty\":0.5,"
                                + "\"frequencyPenalty\":-0.5,\"seed\":42,\"responseMimeType\":\"application/json\"}}"),
                Arguments.of("a JSON schema response format",
                        "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\","
                                + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}},"
                                + "\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],\"generationConfig\":{\"responseMimeType\":\"application/json\","
                                + "\"responseJsonSchema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}"),
                Arguments.of("a JSON schema response format without its schema asks for JSON",
                        "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\"}},"
                                + "\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],\"generationConfig\":{\"responseMimeType\":\"application/json\"}}"),
                Arguments.of("user, parallel_tool_calls and stream_options are dropped",
                        "{\"user\":\"u1\",\"parallel_tool_calls\":true,\"stream\":true,"
                                + "\"stream_options\":{\"include_usage\":true},\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "]}"),
                Arguments.of("an inline image becomes inlineData",
                        """
                        {"messages":[{"role":"user","content":[{"type":"text","text":"Caption this image."},
                          {"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/4AAQSkZJRg=="}}]}]}""",
                        """
                        {"contents":[{"role":"user","parts":[{"text":"Caption this image."},
                          {"inlineData":{"mimeType":"image/jpeg","data":"/9j/4AAQSkZJRg=="}}]}]}"""),
                Arguments.of("tools become function declarations; tool_choice auto",
                        "{\"tool_choice\":\"auto\",\"tools\":[" + WEATHER_TOOL + "],\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],\"tools\":[{\"functionDeclarations\":[" + WEATHER_DECLARATION
                                + "]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"AUTO\"}}}"),
                Arguments.of("tool_choice required is ANY",
                        "{\"tool_choice\":\"required\",\"tools\":[" + WEATHER_TOOL + "],\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],\"tools\":[{\"functionDeclarations\":[" + WEATHER_DECLARATION
                                + "]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}}}"),
                Arguments.of("a named function is ANY with allowedFunctionNames",
                        "{\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},"
                                + "\"tools\":[" + WEATHER_TOOL + "],\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],\"tools\":[{\"functionDeclarations\":[" + WEATHER_DECLARATION
                                + "]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\","
                                + "\"allowedFunctionNames\":[\"get_weather\"]}}}"),
                Arguments.of("tool_choice none is NONE; no tool_choice, no toolConfig",
                        "{\"tool_choice\":\"none\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\"}}],"
                                + "\"messages\":[" + HI + "]}",
                        "{\"contents\":[" + HI_GEMINI + "],\"tools\":[{\"functionDeclarations\":[{\"name\":\"now\"}]}],"
                                + "\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"NONE\"}}}"),
                Arguments.of("a tool call and its results become functionCall and functionResponse, by name",
                        """
                        {"messages":[{"role":"user","content":"Weather in Boston? And the time?"},
                          {"role":"assistant","content":null,"tool_calls":[
                            {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Boston, MA\\"}"}},
                            {"id":"call_2","type":"function","function":{"name":"now","arguments":"{}"}}]},
                          {"role":"tool","tool_call_id":"call_1","content":"{\\"temperature\\": 38, \\"unit\\": \\"F\\"}"},
                          {"role":"tool","tool_call_id":"call_2","content":"2025-12-01T10:00:00Z"}]}""",
                        """
                        {"contents":[{"role":"user","parts":[{"text":"Weather in Boston? And the time?"}]},
                          {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"location":"Boston, MA"}}},
                            {"functionCall":{"name":"now","args":{}}}]},
                          {"role":"user","parts":[
                            {"functionResponse":{"name":"get_weather","response":{"temperature":38,"unit":"F"}}},
                            {"functionResponse":{"name":"now","response":{"output":"2025-12-01T10:00:00Z"}}}]}]}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void translatesRequests(String name, String openAiRequest, String expectedBody) throws Exception {
        UpstreamRequest request = translator.toUpstream(json(openAiRequest), MODEL);
        assertEquals(json(expectedBody), json(new String(request.body(), StandardCharsets.UTF_8)));
    }

    @Test
    void postsGenerateContentWithoutCredentials() throws Exception {
        UpstreamRequest request = translator.toUpstream(json("{\"messages\":[" + HI + "]}"), MODEL);
        assertEquals("POST", request.method());
        assertEquals("/models/gemini-2.0-flash:generateContent", request.path());
        assertEquals(Map.of("content-type", "application/json", "accept", "application/json"), request.headers());
        assertFalse(request.streaming());
        assertEquals("https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent",
                translator.defaultBaseUrl() + request.path());
        assertEquals(Map.of("x-goog-api-key", "AIza-secret"), translator.authHeaders("AIza-secret"));
    }

    @Test
    void streamsThroughStreamGenerateContentAsSse() throws Exception {
        UpstreamRequest request = translator.toUpstream(json("{\"stream\":true,\"messages\":[" + HI + "]}"),
                "models/gemini-2.5-flash");
        assertEquals("/models/gemini-2.5-flash:streamGenerateContent?alt=sse", request.path());
        assertTrue(request.streaming());
        assertEquals("text/event-stream", request.headers().get("accept"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini/../../x", "gemini?key=1", "gemini#a", "gemini:streamGenerateContent", "", " "})
    void refusesModelIdsThatWouldChangeTheUrl(String model) {
        assertThrows(IllegalArgumentException.class, () -> translator.toUpstream(json("{\"messages\":[" + HI + "]}"),
                model));
    }

    /** Requests valid by OpenAI's contract (the gateway checks it) that Gemini cannot serve as asked. */
    static Stream<Arguments> rejectedRequests() {
        return Stream.of(
                Arguments.of("an image by URL",
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                                + "\"image_url\":{\"url\":\"https://example.com/a.png\"}}]}]}",
                        "messages[0].content[0].image_url.url"),
                Arguments.of("a tool result for no known call",
                        "{\"messages\":[" + HI + ",{\"role\":\"tool\",\"tool_call_id\":\"call_9\",\"content\":\"x\"}]}",
                        "messages[1].tool_call_id"),
                Arguments.of("a seed beyond 32 bits", "{\"seed\":5000000000,\"messages\":[" + HI + "]}", "seed"),
                Arguments.of("reasoning effort for a model that does not think (2.0)", "{\"reasoning_effort\":\"low\",\"messages\":[" + HI + "]}",
                        "reasoning_effort"),
                Arguments.of("several choices", "{\"n\":3,\"messages\":[" + HI + "]}", "n"),
                Arguments.of("only system messages", "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"}]}",
                        "messages"),
                Arguments.of("a file", "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\","
                        + "\"file\":{\"file_id\":\"file-1\"}}]}]}", "messages[0].content[0].type"),
                Arguments.of("a custom tool", "{\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"grep\"}}],"
                        + "\"messages\":[" + HI + "]}", "tools[0].type"),
                Arguments.of("a custom tool chosen by name", "{\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":"
                        + "{\"type\":\"custom\",\"custom\":{\"name\":\"grep\"}},\"messages\":[" + HI + "]}", "tool_choice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedRequests")
    void rejectsWhatCannotBeTranslatedNamingTheField(String name, String openAiRequest, String param) {
        RequestTranslationException e = assertThrows(RequestTranslationException.class,
                () -> translator.toUpstream(json(openAiRequest), MODEL));
        assertEquals(param, e.param());
        assertTrue(e.getMessage().contains(param.split("[.\\[]")[0]), e.getMessage());
    }

    // ---------------------------------------------------------------- responses

    @Test
    void translatesAResponse() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200, WireFixtures.bytes("gemini/generate-content.json"),
                CLIENT_MODEL);
        assertJson("""
                {"id":"chatcmpl-id1","object":"chat.completion","created":1760000000,"model":"smart",
                 "choices":[{"index":0,"message":{"role":"assistant",
                   "content":"Google's headquarters, also known as the Googleplex, is located in **Mountain View, California**.\\n",
                   "refusal":null},
                   "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":7,"completion_tokens":22,"total_tokens":29,
                   "prompt_tokens_details":{"cached_tokens":0}}}""", response.body());
        assertEquals(new Usage(7, 22, 0), response.usage());
    }

    @Test
    void keepsGeminisModelVersionWhenTheClientModelIsUnknown() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200, WireFixtures.bytes("gemini/generate-content.json"),
                null);
        assertEquals("gemini-2.0-flash", response.body().get("model").asText());
    }

    @Test
    void translatesAFunctionCallAndLeavesTheThoughtOut() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200,
                WireFixtures.bytes("gemini/generate-content-function-call.json"), CLIENT_MODEL);
        assertJson("""
                {"id":"38CHaLjMG6TujrEPtvTiuQk","object":"chat.completion","created":1760000000,"model":"smart",
                 "choices":[{"index":0,"message":{"role":"assistant","content":null,
                   "tool_calls":[{"id":"call_id1~ts~CtQOAVSoXO74PmYr9AFurEIJNTAtfagOIxtRA5FcMPow3t+9ZhbhilokxHpmxmgnjFgyuOV/VCoF1mwTRcWrqItOVgV8sOR1NmRi9ENW","type":"function","function":{"name":"now","arguments":"{}"}}],
                   "refusal":null},
                   "logprobs":null,"finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":38,"completion_tokens":509,"total_tokens":547,
                   "prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":501}}}""",
                response.body());
        // Gemini's own totalTokenCount (547) agrees: thinking tokens are output tokens
        assertEquals(547, response.usage().totalTokens());
    }

    /**
     * Gemini 3 refuses a turn whose earlier function call lost its thoughtSignature: the signature goes out
     * in the tool call id and comes back on the functionCall part when the client replays the conversation.
     */
    @Test
    void theThoughtSignatureOfAFunctionCallSurvivesTheRoundTripThroughAnOpenAiClient() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200,
                WireFixtures.bytes("gemini/generate-content-function-call.json"), CLIENT_MODEL);
        JsonNode toolCall = response.body().path("choices").get(0).path("message").path("tool_calls").get(0);
        String id = toolCall.path("id").asText();

        ObjectNode next = (ObjectNode) json("""
                {"messages":[{"role":"user","content":"How many days until New Year's Eve?"}]}""");
        ObjectNode assistant = ((com.fasterxml.jackson.databind.node.ArrayNode) next.get("messages")).addObject();
        assistant.put("role", "assistant").putNull("content");
        assistant.putArray("tool_calls").add(toolCall);
        ((com.fasterxml.jackson.databind.node.ArrayNode) next.get("messages")).addObject()
                .put("role", "tool").put("tool_call_id", id).put("content", "2025-12-01T10:00:00Z");
        JsonNode body = json(new String(translator.toUpstream(next, MODEL).body(), StandardCharsets.UTF_8));

        JsonNode modelTurn = body.path("contents").get(1);
        assertEquals("model", modelTurn.path("role").asText());
        assertEquals("CtQOAVSoXO74PmYr9AFurEIJNTAtfagOIxtRA5FcMPow3t+9ZhbhilokxHpmxmgnjFgyuOV/VCoF1mwTRcWrqItOVgV8sOR1NmRi9ENW", modelTurn.path("parts").get(0).path("thoughtSignature").asText());
        assertEquals("now", modelTurn.path("parts").get(0).path("functionCall").path("name").asText());
        assertEquals("now", body.path("contents").get(2).path("parts").get(0).path("functionResponse").path("name").asText());
    }

    @Test
    void aToolCallIdWithoutASignatureSendsNone() throws Exception {
        JsonNode body = json(new String(translator.toUpstream(json("""
                {"messages":[{"role":"user","content":"hi"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"now","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"noon"}]}"""), MODEL).body(), StandardCharsets.UTF_8));
        assertFalse(body.path("contents").get(1).path("parts").get(0).has("thoughtSignature"));
    }

    @Test
    void countsCachedContent() {
        JsonNode response = json("{\"usageMetadata\":{\"promptTokenCount\":2000,\"candidatesTokenCount\":50,"
                + "\"cachedContentTokenCount\":1500,\"totalTokenCount\":2050}}");
        assertEquals(new Usage(2000, 50, 1500), translator.usage(response));
    }

    @Test
    void aResponseWithoutUsageMetadataHasUnknownUsage() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200,
                WireFixtures.bytes("gemini/generate-content-prompt-feedback-only.json"), CLIENT_MODEL);
        assertEquals(Usage.UNKNOWN, response.usage());
        assertFalse(response.body().has("usage"));
    }

    @Test
    void aBlockedPromptIsAnEmptyContentFilteredAnswer() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200,
                WireFixtures.bytes("gemini/generate-content-prompt-feedback-only.json"), CLIENT_MODEL);
        JsonNode choice = response.body().path("choices").get(0);
        assertTrue(choice.path("message").get("content").isNull());
        assertEquals("content_filter", choice.get("finish_reason").asText());
    }

    @Test
    void aSafetyStopKeepsTheTextAndSaysContentFilter() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200,
                WireFixtures.bytes("gemini/generate-content-safety.json"), CLIENT_MODEL);
        JsonNode choice = response.body().path("choices").get(0);
        assertEquals("Safety error incoming in 5, 4, 3, 2...", choice.path("message").get("content").asText());
        assertEquals("content_filter", choice.get("finish_reason").asText());
        assertEquals(new Usage(7, 20, 0), response.usage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "STOP, stop",
            "MAX_TOKENS, length",
            "SAFETY, content_filter",
            "RECITATION, content_filter",
            "BLOCKLIST, content_filter",
            "PROHIBITED_CONTENT, content_filter",
            "SPII, content_filter",
            "IMAGE_SAFETY, content_filter",
            "IMAGE_PROHIBITED_CONTENT, content_filter",
            "MODEL_ARMOR, content_filter",
            "OTHER, stop",
            "LANGUAGE, stop",
            "MALFORMED_FUNCTION_CALL, stop",
            "FINISH_REASON_UNSPECIFIED, stop",
            "A_REASON_FROM_THE_FUTURE, stop"})
    void mapsFinishReasons(String geminiReason, String finishReason) throws Exception {
        ObjectNode response = WireFixtures.tree("gemini/generate-content.json");
        ((ObjectNode) response.path("candidates").get(0)).put("finishReason", geminiReason);
        TranslatedResponse translated = translator.fromUpstream(200, WireFixtures.bytes(response), CLIENT_MODEL);
        JsonNode actual = translated.body().path("choices").get(0).get("finish_reason");
        assertEquals(finishReason, actual.isNull() ? null : actual.asText());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(400, WireFixtures.text("gemini/error-api-key-invalid.json"),
                        "API key not valid. Please pass a valid API key.", "invalid_request_error", "INVALID_ARGUMENT"),
                Arguments.of(404, WireFixtures.text("gemini/error-model-not-found.json"),
                        "models/gemini-5.0-flash is not found for API version v1, or is not supported for generateContent."
                                + " Call ListModels to see the list of available models and their supported methods.",
                        "invalid_request_error", "NOT_FOUND"),
                Arguments.of(429, "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
                                + "\"status\":\"RESOURCE_EXHAUSTED\"}}",
                        "Resource has been exhausted (e.g. check quota).", "rate_limit_error", "RESOURCE_EXHAUSTED"),
                Arguments.of(503, "Service Unavailable", "gemini answered HTTP 503 without an error message",
                        "server_error", null));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @MethodSource("errors")
    void translatesErrors(int status, String body, String message, String type, String code) throws Exception {
        TranslatedResponse response = translator.fromUpstream(status, body.getBytes(StandardCharsets.UTF_8), CLIENT_MODEL);
        assertEquals(status, response.status());
        JsonNode error = response.body().get("error");
        assertEquals(message, error.get("message").asText());
        assertEquals(type, error.get("type").asText());
        assertEquals(code, error.get("code").isNull() ? null : error.get("code").asText());
    }

    static Stream<Arguments> invalidSuccessBodies() {
        return Stream.of(
                Arguments.of("<!DOCTYPE html><html></html>", "gemini response is not valid JSON"),
                Arguments.of("{}", "gemini response has no candidates and no promptFeedback"),
                Arguments.of("{\"candidates\":[{\"content\":{\"parts\":{\"text\":\"x\"}}}]}",
                        "gemini response candidates[0].content.parts is object, expected an array"),
                Arguments.of("\"just a string\"", "gemini response is string, expected a JSON object"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidSuccessBodies")
    void rejectsSuccessBodiesThatAreNotAResponse(String body, String message) {
        UpstreamFormatException e = assertThrows(UpstreamFormatException.class,
                () -> translator.fromUpstream(200, body.getBytes(StandardCharsets.UTF_8), CLIENT_MODEL));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    // ---------------------------------------------------------------- streams

    private static final List<String> BASIC_EXPECTED = List.of(
            chunk("chatcmpl-id1", "{\"role\":\"assistant\",\"content\":\"\"}", null),
            chunk("chatcmpl-id1", "{\"content\":\"The\"}", null),
            chunk("chatcmpl-id1", "{\"content\":\" capital of Wyoming\"}", null),
            chunk("chatcmpl-id1", "{\"content\":\" is **Cheyenne**.\\n\"}", null),
            chunk("chatcmpl-id1", "{}", "stop"),
            "[DONE]");

    @Test
    void translatesAStreamChunkByChunk() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = translate(stream, events(text("gemini/stream-basic.txt")));
        assertEvents(BASIC_EXPECTED, out);
        assertTrue(stream.completed());
        assertEquals(new Usage(7, 10, 0), stream.usage());
    }

    @Test
    void theSameStreamWithCrLfInSmallPiecesTranslatesTheSame() {
        byte[] crlf = text("gemini/stream-basic.txt").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        SseParser parser = new SseParser();
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = new ArrayList<>();
        for (int i = 0; i < crlf.length; i += 5) {
            for (SseEvent event : parser.feed(crlf, i, Math.min(5, crlf.length - i))) {
                out.addAll(stream.onEvent(event));
            }
        }
        parser.finish().forEach(e -> out.addAll(stream.onEvent(e)));
        out.addAll(stream.onEnd());
        assertEvents(BASIC_EXPECTED, out);
    }

    @Test
    void addsTheUsageChunkWhenTheClientAskedForIt() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, events(text("gemini/stream-basic.txt")));
        assertEquals(7, out.size());
        assertEquals(json("{\"id\":\"chatcmpl-id1\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,"
                + "\"model\":\"smart\",\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":10,"
                + "\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":0}}}"), json(out.get(5).data()));
        assertEquals("[DONE]", out.get(6).data());
    }

    @Test
    void translatesAStreamedFunctionCall() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, events(text("gemini/stream-function-call.txt")));
        String id = "48SHaPHpHKbG-8YPtZCawAk";
        assertEvents(List.of(
                chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk(id, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_id1~ts~CiIBVKhc7vB+vaaq6rA/KC79Ts7iXagIOA4EBOyBFDpl+pxPCmcBVKhc7gYyIw6X0IsswYK3hRIlOqJqLuw=\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}]}", null),
                chunk(id, "{}", "tool_calls"),
                "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"smart\","
                        + "\"choices\":[],\"usage\":{\"prompt_tokens\":38,\"completion_tokens\":174,\"total_tokens\":212,"
                        + "\"prompt_tokens_details\":{\"cached_tokens\":0},"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":168}}}",
                "[DONE]"), out);
    }

    @Test
    void aPromptBlockedMidStreamEndsWithContentFilter() {
        // the recording ends without a blank line after its last event
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = translate(stream, events(text("gemini/stream-prompt-blocked.txt")));
        assertEvents(List.of(
                chunk("chatcmpl-id1", "{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("chatcmpl-id1", "{\"content\":\"text1\"}", null),
                chunk("chatcmpl-id1", "{\"content\":\"text2\"}", null),
                chunk("chatcmpl-id1", "{\"content\":\"text3\"}", null),
                chunk("chatcmpl-id1", "{\"refusal\":\"The prompt was blocked by gemini's safety filters (SAFETY).\"}", null),
                chunk("chatcmpl-id1", "{}", "content_filter"),
                "[DONE]"), out);
        assertTrue(stream.completed());
    }

    @Test
    void anErrorEventEndsTheStreamWithAnOpenAiError() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, events(text("gemini/stream-error.txt")));
        assertEvents(List.of(
                chunk("chatcmpl-id1", "{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk("chatcmpl-id1", "{\"content\":\"The\"}", null),
                "{\"error\":{\"message\":\"The model is overloaded. Please try again later.\",\"type\":\"server_error\","
                        + "\"param\":null,\"code\":\"UNAVAILABLE\"}}"), out);
        assertEquals(new StreamFailure(StreamFailure.Kind.UPSTREAM_ERROR,
                "The model is overloaded. Please try again later."), stream.failure().orElseThrow());
        assertFalse(stream.completed());
    }

    @Test
    void aStreamEndingBeforeTheFinishReasonIsAnError() {
        List<SseEvent> upstream = events(text("gemini/stream-basic.txt"));
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, upstream.subList(0, 2));
        assertEquals(4, out.size(), "role, two content chunks, the error");
        assertEquals("stream_interrupted", json(out.get(3).data()).path("error").get("code").asText());
        assertEquals(new StreamFailure(StreamFailure.Kind.TRUNCATED, "gemini stream ended before its final event"),
                stream.failure().orElseThrow());
        assertTrue(out.stream().noneMatch(e -> e.data().equals("[DONE]")));
    }

    @Test
    void anEmptyStreamIsTruncated() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        assertEquals(1, stream.onEnd().size());
        assertEquals(StreamFailure.Kind.TRUNCATED, stream.failure().orElseThrow().kind());
    }

    @Test
    void anEventThatIsNotJsonFailsTheStream() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = stream.onEvent(SseEvent.data("{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"Th"));
        assertEquals(1, out.size());
        assertTrue(stream.failure().orElseThrow().message().startsWith("gemini stream event is not valid JSON"));
        assertEquals(List.of(), stream.onEnd());
    }

    @Test
    void aUsageOnlyEventIsAcceptedAnywhere() {
        List<SseEvent> upstream = new ArrayList<>(events(text("gemini/stream-basic.txt")));
        upstream.add(1, SseEvent.data("{\"usageMetadata\":{\"promptTokenCount\":7},\"modelVersion\":\"gemini-2.0-flash\"}"));
        upstream.add(SseEvent.data("{\"usageMetadata\":{\"promptTokenCount\":7,\"candidatesTokenCount\":11}}"));
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        assertEvents(BASIC_EXPECTED, translate(stream, upstream));
        assertEquals(new Usage(7, 11, 0), stream.usage(), "the last usage wins");
    }
}
