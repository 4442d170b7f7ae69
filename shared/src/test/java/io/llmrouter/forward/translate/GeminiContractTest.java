package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.types.FinishReason;
import com.openai.core.ObjectMappers;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.llmrouter.forward.sse.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.llmrouter.forward.translate.WireFixtures.CLOCK;
import static io.llmrouter.forward.translate.WireFixtures.events;
import static io.llmrouter.forward.translate.WireFixtures.json;
import static io.llmrouter.forward.translate.WireFixtures.text;
import static io.llmrouter.forward.translate.WireFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Gemini translator against the official SDKs: every translated request is what Google's
 * {@code google-genai} would send ({@link GeminiSdkContract}), and every answer built from a Gemini reply
 * reads into openai-java's {@code ChatCompletion} or {@code ChatCompletionChunk} and validates.
 */
class GeminiContractTest {

    private static final String G3 = "gemini-3-flash-preview";
    private static final String G3_PRO = "gemini-3-pro-preview";
    private static final String G31_PRO = "gemini-3.1-pro-preview";
    private static final String G25 = "gemini-2.5-flash";
    private static final String G25_PRO = "gemini-2.5-pro";
    private static final String G20 = "gemini-2.0-flash";
    private static final String ALIAS = "gemini-flash-latest";

    private static final String HI = "{\"role\":\"user\",\"content\":\"Hi\"}";
    private static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Get the current weather",
             "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"]}}}""";
    private static final String STRICT_TOOL = """
            {"type":"function","function":{"name":"lookup","strict":true,"parameters":{"type":"object",
             "properties":{"id":{"type":"string","pattern":"^[a-z]+$"},"tags":{"type":"array","items":{"type":"string"}},
               "when":{"anyOf":[{"type":"string","format":"date-time"},{"type":"null"}]}},
             "required":["id","tags","when"],"additionalProperties":false}}}""";
    /** A real-looking signature: Part.thoughtSignature is bytes, so it must be base64. */
    private static final String SIGNATURE = "CiIBVKhc7vB+vaaq6rA/KC79Ts7iXagIOA4EBOyBFDpl+pxPCmcBVKhc7gYyIw6X0IsswYK3hRIlOqJqLuw=";

    private final AtomicInteger ids = new AtomicInteger();
    private final OpenAiToGemini translator = new OpenAiToGemini(CLOCK, () -> "id" + ids.incrementAndGet());

    private static String chat(String fields) {
        return "{\"model\":\"smart\"," + fields + (fields.isEmpty() ? "" : ",") + "\"messages\":[" + HI + "]}";
    }

    private static Arguments row(String name, String model, String request, String pointer, String expected,
                                 String... dropped) {
        return Arguments.of(name, model, request, pointer, expected, List.of(dropped));
    }

    // ---------------------------------------------------------------- requests

    /**
     * OpenAI client requests: name, upstream model, request, a JSON pointer into the Gemini body and the
     * value expected there (null: only the contract), the parameters named as dropped.
     */
    static Stream<Arguments> requests() {
        List<Arguments> rows = new ArrayList<>(List.of(
                row("one system message", G25, """
                        {"model":"smart","messages":[{"role":"system","content":"You are a cat."},{"role":"user","content":"Hello"}]}""",
                        "/systemInstruction", "{\"parts\":[{\"text\":\"You are a cat.\"}]}"),
                row("several system and developer messages", G25, """
                        {"model":"smart","messages":[{"role":"system","content":"A"},{"role":"developer","content":[{"type":"text","text":"B"}]},
                          {"role":"user","content":"Hi"},{"role":"system","content":"C"}]}""",
                        "/systemInstruction/parts/2/text", "\"C\""),
                row("multi-turn", G25, """
                        {"model":"smart","messages":[{"role":"user","content":"Hello"},{"role":"assistant","content":"Hi there"},
                          {"role":"user","content":"How many paws have two dogs?"}]}""",
                        "/contents/1/role", "\"model\""),
                row("consecutive turns of one role merge", G25, """
                        {"model":"smart","messages":[{"role":"user","content":"A"},{"role":"user","content":[{"type":"text","text":"B"}]}]}""",
                        "/contents/0/parts/1/text", "\"B\""),
                row("tools without tool_choice", G25, chat("\"tools\":[" + WEATHER_TOOL + "]"),
                        "/tools/0/functionDeclarations/0/parametersJsonSchema/required", "[\"location\"]"),
                row("a strict tool whose schema Gemini's Schema type could not hold", G25,
                        chat("\"tools\":[" + STRICT_TOOL + "]"),
                        "/tools/0/functionDeclarations/0/parametersJsonSchema/additionalProperties", "false"),
                row("a tool without parameters", G25, chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]"),
                        "/tools/0/functionDeclarations/0", "{\"name\":\"now\"}"),
                row("tool_choice auto", G25, chat("\"tool_choice\":\"auto\",\"tools\":[" + WEATHER_TOOL + "]"),
                        "/toolConfig/functionCallingConfig/mode", "\"AUTO\""),
                row("tool_choice none", G25, chat("\"tool_choice\":\"none\",\"tools\":[" + WEATHER_TOOL + "]"),
                        "/toolConfig/functionCallingConfig/mode", "\"NONE\""),
                row("tool_choice required", G25, chat("\"tool_choice\":\"required\",\"tools\":[" + WEATHER_TOOL + "]"),
                        "/toolConfig/functionCallingConfig/mode", "\"ANY\""),
                row("tool_choice a named function", G25, chat("\"tool_choice\":{\"type\":\"function\",\"function\":"
                                + "{\"name\":\"get_weather\"}},\"tools\":[" + WEATHER_TOOL + "]"),
                        "/toolConfig/functionCallingConfig", "{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"get_weather\"]}"),
                row("tool calls and their results (JSON and text)", G25, """
                        {"model":"smart","messages":[{"role":"user","content":"Weather in Boston? And the time?"},
                          {"role":"assistant","content":null,"tool_calls":[
                            {"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Boston\\"}"}},
                            {"id":"call_2","type":"function","function":{"name":"now","arguments":"{}"}}]},
                          {"role":"tool","tool_call_id":"call_1","content":"{\\"temperature\\": 38}"},
                          {"role":"tool","tool_call_id":"call_2","content":[{"type":"text","text":"10:00"}]}],
                         "tools":[%s,{"type":"function","function":{"name":"now"}}]}""".formatted(WEATHER_TOOL),
                        "/contents/2/parts/1/functionResponse", "{\"name\":\"now\",\"response\":{\"output\":\"10:00\"}}"),
                row("a tool call carrying its thought signature", G3, """
                        {"model":"smart","messages":[{"role":"user","content":"Time?"},
                          {"role":"assistant","content":"Let me look.","tool_calls":[
                            {"id":"call_1~ts~%s","type":"function","function":{"name":"now","arguments":"{}"}}]},
                          {"role":"tool","tool_call_id":"call_1~ts~%s","content":"10:00"}]}""".formatted(SIGNATURE, SIGNATURE),
                        "/contents/1/parts/1/thoughtSignature", "\"" + SIGNATURE + "\""),
                row("an inline image", G25, """
                        {"model":"smart","messages":[{"role":"user","content":[{"type":"text","text":"Caption this."},
                          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo=","detail":"high"}}]}]}""",
                        "/contents/0/parts/1/inlineData", "{\"mimeType\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}"),
                row("stop as a string", G25, chat("\"stop\":\"END\""), "/generationConfig/stopSequences", "[\"END\"]"),
                row("stop as a list", G25, chat("\"stop\":[\"a\",\"b\"]"), "/generationConfig/stopSequences", "[\"a\",\"b\"]"),
                row("temperature, top_p, seed", G25, chat("\"temperature\":0.7,\"top_p\":0.9,\"seed\":42"),
                        "/generationConfig", "{\"temperature\":0.7,\"topP\":0.9,\"seed\":42}"),
                row("penalties reach gemini 2.0", G20, chat("\"presence_penalty\":0.5,\"frequency_penalty\":-0.25"),
                        "/generationConfig", "{\"presencePenalty\":0.5,\"frequencyPenalty\":-0.25}"),
                row("penalties are dropped for gemini 2.5", G25, chat("\"presence_penalty\":0.5,\"frequency_penalty\":0.1"),
                        "/generationConfig", null, "presence_penalty", "frequency_penalty"),
                row("penalties are dropped for gemini 3", G3, chat("\"frequency_penalty\":1"),
                        "/generationConfig", null, "frequency_penalty"),
                row("a zero penalty is left out silently", G25, chat("\"presence_penalty\":0"), "/generationConfig", null),
                row("response_format text", G25, chat("\"response_format\":{\"type\":\"text\"}"), "/generationConfig", null),
                row("response_format json_object", G25, chat("\"response_format\":{\"type\":\"json_object\"}"),
                        "/generationConfig", "{\"responseMimeType\":\"application/json\"}"),
                row("response_format json_schema", G25, chat("""
                        "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,"schema":
                          {"type":"object","properties":{"n":{"type":"integer","minimum":0}},"required":["n"],
                           "additionalProperties":false}}}"""),
                        "/generationConfig/responseJsonSchema/additionalProperties", "false"),
                row("response_format json_schema without its schema", G25,
                        chat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\"}}"),
                        "/generationConfig", "{\"responseMimeType\":\"application/json\"}"),
                row("max_tokens", G25, chat("\"max_tokens\":256"), "/generationConfig", "{\"maxOutputTokens\":256}"),
                row("max_completion_tokens wins over max_tokens", G25, chat("\"max_tokens\":9,\"max_completion_tokens\":300"),
                        "/generationConfig", "{\"maxOutputTokens\":300}"),
                row("user is dropped", G25, chat("\"user\":\"user-1234\""), "/generationConfig", null),
                row("streaming with usage", G25, chat("\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
                        "/generationConfig", null),
                row("everything at once", G3, """
                        {"model":"smart","stream":true,"temperature":1,"top_p":0.95,"max_completion_tokens":1000,"seed":7,
                         "stop":["\\n\\n"],"reasoning_effort":"low","response_format":{"type":"json_object"},"user":"u",
                         "parallel_tool_calls":false,"tool_choice":"required","tools":[%s],
                         "messages":[{"role":"system","content":"Be brief."},%s]}""".formatted(WEATHER_TOOL, HI),
                        "/generationConfig/thinkingConfig", "{\"thinkingLevel\":\"LOW\"}")));
        String[][] levels = {
                {G3, "none", "MINIMAL"}, {G3, "minimal", "MINIMAL"}, {G3, "low", "LOW"}, {G3, "medium", "MEDIUM"},
                {G3, "high", "HIGH"}, {G3, "xhigh", "HIGH"},
                {G3_PRO, "none", "LOW"}, {G3_PRO, "minimal", "LOW"}, {G3_PRO, "medium", "HIGH"}, {G3_PRO, "high", "HIGH"},
                {G31_PRO, "medium", "MEDIUM"}};
        for (String[] level : levels) {
            rows.add(row("reasoning_effort " + level[1] + " on " + level[0], level[0],
                    chat("\"reasoning_effort\":\"" + level[1] + "\""),
                    "/generationConfig/thinkingConfig", "{\"thinkingLevel\":\"" + level[2] + "\"}"));
        }
        String[][] budgets = {
                {G25, "none", "0"}, {G25, "minimal", "512"}, {G25, "low", "1024"}, {G25, "medium", "8192"},
                {G25, "high", "24576"}, {G25, "xhigh", "24576"},
                {G25_PRO, "none", "128"}, {G25_PRO, "xhigh", "32768"}, {ALIAS, "medium", "8192"}};
        for (String[] budget : budgets) {
            rows.add(row("reasoning_effort " + budget[1] + " on " + budget[0], budget[0],
                    chat("\"reasoning_effort\":\"" + budget[1] + "\""),
                    "/generationConfig/thinkingConfig", "{\"thinkingBudget\":" + budget[2] + "}"));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void everyTranslatedRequestIsWhatTheSdkWouldSend(String name, String model, String openAiRequest, String pointer,
                                                     String expected, List<String> dropped) throws Exception {
        UpstreamRequest request = translator.toUpstream(json(openAiRequest), model);
        JsonNode body = json(new String(request.body(), StandardCharsets.UTF_8));
        GeminiSdkContract.assertRequestBody(body, model);
        if (expected != null) {
            GeminiSdkContract.assertSameJson(json(expected), body.at(pointer), name + " at " + pointer);
        } else {
            assertTrue(body.at(pointer).isMissingNode(), pointer + " is absent: " + body);
        }
        assertEquals(dropped, request.droppedParams());
    }

    /** The check itself: an unknown field anywhere it can reach fails, and so did the old tool schema. */
    @Test
    void theContractCatchesWhatTheSdkWouldIgnore() {
        for (String body : List.of(
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],\"generationConfig\":{\"topP\":1,\"top_k\":3}}",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\",\"cache\":true}]}]}",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],\"user\":\"u\"}",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"REQUIRED\"}}}",
                "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}],\"tools\":[{\"functionDeclarations\":[{\"name\":\"f\","
                        + "\"parameters\":{\"type\":\"object\",\"properties\":{},\"additionalProperties\":false}}]}]}")) {
            org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> GeminiSdkContract.assertRequestBody(json(body), G25), body);
        }
    }

    @Test
    void countsTheRequestPairs() {
        assertEquals(50, requests().count(), "update the count in docs/providers.md too");
    }

    @Test
    void refusesReasoningEffortForModelsThatDoNotThinkAndUnknownEfforts() {
        RequestTranslationException old = org.junit.jupiter.api.Assertions.assertThrows(RequestTranslationException.class,
                () -> translator.toUpstream(json(chat("\"reasoning_effort\":\"low\"")), G20));
        assertEquals("reasoning_effort", old.param());
        RequestTranslationException unknown = org.junit.jupiter.api.Assertions.assertThrows(
                RequestTranslationException.class,
                () -> translator.toUpstream(json(chat("\"reasoning_effort\":\"maximal\"")), G3));
        assertEquals("reasoning_effort", unknown.param());
    }

    // ---------------------------------------------------------------- answers

    /** Non-streamed Gemini replies: the fixtures, and the plain reply with every finishReason the SDK knows. */
    static Stream<Arguments> replies() {
        List<Arguments> rows = new ArrayList<>();
        for (String fixture : List.of("generate-content.json", "generate-content-function-call.json",
                "generate-content-safety.json", "generate-content-prompt-feedback-only.json")) {
            rows.add(Arguments.of(fixture, text("gemini/" + fixture)));
        }
        rows.add(Arguments.of("a prompt blocked with a blockReason", """
                {"promptFeedback":{"blockReason":"PROHIBITED_CONTENT"},"usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},
                 "modelVersion":"gemini-2.5-flash","responseId":"r1"}"""));
        rows.add(Arguments.of("a safety stop with a finishMessage and no text", """
                {"candidates":[{"content":{"role":"model"},"finishReason":"SAFETY","finishMessage":"Blocked for safety.","index":0}],
                 "usageMetadata":{"promptTokenCount":9,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash","responseId":"r2"}"""));
        for (FinishReason.Known reason : FinishReason.Known.values()) {
            ObjectNode reply = WireFixtures.tree("gemini/generate-content.json");
            ((ObjectNode) reply.path("candidates").get(0)).put("finishReason", reason.name());
            rows.add(Arguments.of("finishReason " + reason.name(), reply.toString()));
        }
        return rows.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void everyAnswerIsAValidChatCompletion(String name, String reply) throws Exception {
        GeminiSdkContract.assertResponse(json(reply), name);
        TranslatedResponse response = translator.fromUpstream(200, reply.getBytes(StandardCharsets.UTF_8), "smart");
        String body = WireJson.string(response.body());
        ChatCompletion completion = ObjectMappers.jsonMapper().readValue(body, ChatCompletion.class);
        completion.validate();
        assertTrue(completion._additionalProperties().isEmpty(), body);
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertTrue(choice._additionalProperties().isEmpty(), body);
        assertTrue(choice.message()._additionalProperties().isEmpty(), body);
        JsonNode tree = response.body().path("choices").get(0);
        assertTrue(tree.has("logprobs") && tree.get("logprobs").isNull(), "logprobs: null, as OpenAI sends");
        assertTrue(tree.path("message").has("refusal"), "message.refusal, as OpenAI sends");
        boolean filtered = "content_filter".equals(tree.path("finish_reason").asText());
        assertEquals(filtered, choice.message().refusal().isPresent(), "a refusal exactly when filtered: " + body);
    }

    @Test
    void countsTheAnswerPairs() {
        assertEquals(6 + FinishReason.Known.values().length, replies().count());
    }

    @Test
    void safetyBlocksAreRefusalsWithContentFilter() throws Exception {
        JsonNode blocked = translator.fromUpstream(200, WireFixtures.bytes("gemini/generate-content-prompt-feedback-only.json"),
                "smart").body().path("choices").get(0);
        assertEquals("content_filter", blocked.get("finish_reason").asText());
        assertEquals("Message", blocked.path("message").get("refusal").asText(), "Gemini's blockReasonMessage");
        assertTrue(blocked.path("message").get("content").isNull());

        JsonNode stopped = translator.fromUpstream(200, WireFixtures.bytes("gemini/generate-content-safety.json"),
                "smart").body().path("choices").get(0);
        assertEquals("content_filter", stopped.get("finish_reason").asText());
        assertEquals("The answer was stopped by gemini's safety filters (SAFETY).",
                stopped.path("message").get("refusal").asText());
        assertEquals("Safety error incoming in 5, 4, 3, 2...", stopped.path("message").get("content").asText());

        JsonNode plain = translator.fromUpstream(200, WireFixtures.bytes("gemini/generate-content.json"),
                "smart").body().path("choices").get(0);
        assertTrue(plain.path("message").get("refusal").isNull());
    }

    /** Streamed replies: the stream fixtures, and a stream a safety filter stops. */
    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("stream-basic.txt", text("gemini/stream-basic.txt")),
                Arguments.of("stream-function-call.txt", text("gemini/stream-function-call.txt")),
                Arguments.of("stream-prompt-blocked.txt", text("gemini/stream-prompt-blocked.txt")),
                Arguments.of("stream-error.txt", text("gemini/stream-error.txt")),
                Arguments.of("a stream stopped by SAFETY", text("gemini/stream-basic.txt")
                        .replace("\"finishReason\": \"STOP\"", "\"finishReason\": \"SAFETY\"")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void everyStreamedChunkIsAValidChatCompletionChunk(String name, String transcript) throws Exception {
        for (boolean includeUsage : new boolean[] {false, true}) {
            StreamTranslator stream = translator.stream("smart", includeUsage);
            List<SseEvent> out = translate(stream, events(transcript));
            int chunks = 0;
            for (SseEvent event : out) {
                if (event.data().equals("[DONE]") || json(event.data()).has("error")) {
                    continue;
                }
                ChatCompletionChunk chunk = ObjectMappers.jsonMapper().readValue(event.data(), ChatCompletionChunk.class);
                chunk.validate();
                assertTrue(chunk._additionalProperties().isEmpty(), event.data());
                chunk.choices().forEach(c -> {
                    assertTrue(c._additionalProperties().isEmpty(), event.data());
                    assertTrue(c.delta()._additionalProperties().isEmpty(), event.data());
                });
                chunks++;
            }
            assertTrue(chunks > 0, name);
        }
    }

    @Test
    void aStreamStoppedBySafetyEndsWithARefusalAndContentFilter() {
        String transcript = text("gemini/stream-basic.txt").replace("\"finishReason\": \"STOP\"", "\"finishReason\": \"SAFETY\"");
        List<SseEvent> out = translate(translator.stream("smart", false), events(transcript));
        List<JsonNode> chunks = WireFixtures.chunks(out);
        JsonNode refusal = chunks.get(chunks.size() - 2).path("choices").get(0);
        assertEquals("The answer was stopped by gemini's safety filters (SAFETY).", refusal.path("delta").get("refusal").asText());
        assertEquals("content_filter", chunks.get(chunks.size() - 1).path("choices").get(0).get("finish_reason").asText());
    }

    @Test
    void aPromptBlockedMidStreamSendsARefusal() {
        List<SseEvent> out = translate(translator.stream("smart", false), events(text("gemini/stream-prompt-blocked.txt")));
        List<JsonNode> chunks = WireFixtures.chunks(out);
        assertEquals("The prompt was blocked by gemini's safety filters (SAFETY).",
                chunks.get(chunks.size() - 2).path("choices").get(0).path("delta").get("refusal").asText());
        assertEquals("content_filter", chunks.get(chunks.size() - 1).path("choices").get(0).get("finish_reason").asText());
        assertFalse(out.isEmpty());
    }

    // ---------------------------------------------------------------- the stand-in's fixtures

    /** Every reply fixture of the Gemini stand-in, and every event of its streams, is a GenerateContentResponse. */
    static Stream<String> fixtures() {
        return Arrays.stream(new String[] {"generate-content.json", "generate-content-function-call.json",
                "generate-content-safety.json", "generate-content-prompt-feedback-only.json", "stream-basic.txt",
                "stream-function-call.txt", "stream-prompt-blocked.txt", "stream-error.txt",
                "error-api-key-invalid.json", "error-model-not-found.json"});
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void theStandInsFixturesAreWhatTheSdkReads(String fixture) {
        String content = text("gemini/" + fixture);
        List<JsonNode> payloads = fixture.endsWith(".txt")
                ? events(content).stream().map(e -> json(e.data())).toList() : List.of(json(content));
        assertFalse(payloads.isEmpty(), fixture);
        for (int i = 0; i < payloads.size(); i++) {
            JsonNode payload = payloads.get(i);
            String what = fixture + (fixture.endsWith(".txt") ? " event " + i : "");
            if (payload.has("error")) {
                // Google's error shape (google.rpc.Status); the SDK reads it into no type of its own
                payload.fieldNames().forEachRemaining(f -> assertEquals("error", f, what));
                payload.get("error").fieldNames().forEachRemaining(f -> assertTrue(
                        List.of("code", "message", "status", "details").contains(f), what + ": error." + f));
                assertTrue(payload.get("error").get("code").isInt() && payload.get("error").get("message").isTextual(),
                        what);
            } else {
                GeminiSdkContract.assertResponse(payload, what);
            }
        }
    }
}
