package io.llmrouter.forward.translate;

import com.anthropic.core.JsonField;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.MessageCreateParams;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.llmrouter.forward.sse.SseEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.llmrouter.forward.translate.WireFixtures.CLOCK;
import static io.llmrouter.forward.translate.WireFixtures.events;
import static io.llmrouter.forward.translate.WireFixtures.json;
import static io.llmrouter.forward.translate.WireFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official SDKs as the contract of the Anthropic pair: every request the translator builds from an
 * OpenAI client request parses into anthropic-java's {@link MessageCreateParams.Body} with the SDK's own
 * JSON mapper, validates, and holds no field the SDK does not know at any level; every answer it builds
 * from an Anthropic reply parses into openai-java's {@link ChatCompletion} (or, streamed, each chunk into
 * {@link ChatCompletionChunk}) and validates.
 */
class AnthropicContractTest {

    private static final String MODEL = "claude-opus-4-7";
    private static final String CLIENT_MODEL = "smart";
    private static final String TOOL = """
            {"type":"function","function":{"name":"get_weather","description":"Get the weather",
             "parameters":{"type":"object","properties":{"location":{"type":"string"}},"required":["location"],
              "additionalProperties":false}}}""";
    private static final String TOOL_CALL_TURNS = """
            {"role":"user","content":"Weather in Paris?"},
            {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_01","type":"function",
              "function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}}]},
            {"role":"tool","tool_call_id":"toolu_01","content":"18 C, sunny"}""";
    private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    /** Pairs each table ran, printed at the end: the number the docs and the report quote. */
    private static final Map<String, AtomicInteger> PAIRS = new HashMap<>();

    private final OpenAiToAnthropic translator = new OpenAiToAnthropic(CLOCK, OpenAiToAnthropic.DEFAULT_MAX_TOKENS);

    @AfterAll
    static void printCounts() {
        System.out.println("Anthropic contract pairs: " + PAIRS);
    }

    // ---------------------------------------------------------------- requests

    private static Arguments request(String name, String messages, String extra, String... dropped) {
        String body = "{\"model\":\"smart\",\"messages\":[" + messages + "]" + (extra.isEmpty() ? "" : "," + extra) + "}";
        return Arguments.of(name, body, List.of(dropped));
    }

    private static final String HI = "{\"role\":\"user\",\"content\":\"Hi\"}";

    static Stream<Arguments> requests() {
        return Stream.of(
                request("one system message", "{\"role\":\"system\",\"content\":\"Be terse.\"}," + HI, ""),
                request("system and developer messages", """
                        {"role":"system","content":"A"},{"role":"developer","content":[{"type":"text","text":"B"}]},
                        {"role":"system","content":"C"},""" + HI, ""),
                request("multi-turn", HI + ",{\"role\":\"assistant\",\"content\":\"Hello!\"},"
                        + "{\"role\":\"user\",\"content\":\"How are you?\"}", ""),
                request("consecutive user messages merged", HI + ",{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"there\"}]}", ""),
                request("tools", HI, "\"tools\":[" + TOOL + "]"),
                request("a tool without parameters", HI, "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]"),
                request("tool call and tool result", TOOL_CALL_TURNS, "\"tools\":[" + TOOL + "]"),
                request("two tool results and a user message after them", """
                        {"role":"user","content":"Weather in Paris and Rome?"},
                        {"role":"assistant","content":"Checking.","tool_calls":[
                          {"id":"toolu_01","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Paris\\"}"}},
                          {"id":"toolu_02","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"Rome\\"}"}}]},
                        {"role":"tool","tool_call_id":"toolu_01","content":"18 C"},
                        {"role":"tool","tool_call_id":"toolu_02","content":[{"type":"text","text":"24 C"},{"type":"text","text":"dry"}]},
                        {"role":"user","content":"Which is warmer?"}""", "\"tools\":[" + TOOL + "]"),
                request("tool_choice auto", HI, "\"tools\":[" + TOOL + "],\"tool_choice\":\"auto\""),
                request("tool_choice none", HI, "\"tools\":[" + TOOL + "],\"tool_choice\":\"none\""),
                request("tool_choice required", HI, "\"tools\":[" + TOOL + "],\"tool_choice\":\"required\""),
                request("tool_choice naming a function", HI, "\"tools\":[" + TOOL + "],"
                        + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"),
                request("parallel_tool_calls false", HI, "\"tools\":[" + TOOL + "],\"parallel_tool_calls\":false"),
                request("an inline image (data URL)", "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What is it?\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64," + PNG + "\"}}]}", ""),
                request("an image by http URL", "{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                        + "\"image_url\":{\"url\":\"https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg\"}}]}", ""),
                request("stop as a string", HI, "\"stop\":\"END\""),
                request("stop as an array", HI, "\"stop\":[\"END\",\"STOP\"]"),
                request("temperature", HI, "\"temperature\":0.2", "temperature"),
                request("top_p", HI, "\"top_p\":0.9", "top_p"),
                request("temperature and top_p", HI, "\"temperature\":1.5,\"top_p\":0.5", "temperature", "top_p"),
                request("response_format text", HI, "\"response_format\":{\"type\":\"text\"}"),
                request("response_format json_schema", HI, """
                        "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
                          "schema":{"type":"object","properties":{"answer":{"type":"string"}},"required":["answer"],
                          "additionalProperties":false}}}"""),
                request("reasoning_effort none", HI, "\"reasoning_effort\":\"none\""),
                request("reasoning_effort minimal", HI, "\"reasoning_effort\":\"minimal\""),
                request("reasoning_effort low", HI, "\"reasoning_effort\":\"low\""),
                request("reasoning_effort medium", HI, "\"reasoning_effort\":\"medium\""),
                request("reasoning_effort high", HI, "\"reasoning_effort\":\"high\""),
                request("reasoning_effort xhigh", HI, "\"reasoning_effort\":\"xhigh\""),
                request("reasoning_effort with a forced tool", HI, "\"tools\":[" + TOOL + "],\"tool_choice\":\"required\","
                        + "\"reasoning_effort\":\"medium\""),
                request("reasoning_effort after tool calls", TOOL_CALL_TURNS, "\"tools\":[" + TOOL + "],"
                        + "\"reasoning_effort\":\"high\""),
                request("json_schema and reasoning_effort", HI, """
                        "reasoning_effort":"low","response_format":{"type":"json_schema","json_schema":{"name":"n",
                          "schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"],
                          "additionalProperties":false}}}"""),
                request("max_tokens", HI, "\"max_tokens\":256"),
                request("max_completion_tokens", HI, "\"max_completion_tokens\":512,\"max_tokens\":256"),
                request("user", HI, "\"user\":\"user-1234\""),
                request("seed (a best-effort hint, left out)", HI, "\"seed\":42"),
                request("stream", HI, "\"stream\":true"),
                request("stream with include_usage", HI, "\"stream\":true,\"stream_options\":{\"include_usage\":true}"),
                request("everything at once", "{\"role\":\"system\",\"content\":\"S\"}," + TOOL_CALL_TURNS, """
                        "tools":[%s],"tool_choice":"auto","parallel_tool_calls":false,"stop":"X","temperature":0.1,
                        "top_p":0.2,"max_completion_tokens":300,"user":"u","stream":true,"reasoning_effort":"low",
                        "response_format":{"type":"json_schema","json_schema":{"name":"n","schema":{"type":"object",
                          "properties":{"n":{"type":"integer"}},"required":["n"],"additionalProperties":false}}}"""
                        .formatted(TOOL), "temperature", "top_p"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void everyRequestParsesIntoTheSdkParamsWithNothingUnknown(String name, String openAi, List<String> dropped)
            throws Exception {
        UpstreamRequest upstream = translator.toUpstream(json(openAi), MODEL);
        assertEquals(dropped, upstream.droppedParams());
        MessageCreateParams.Body body = com.anthropic.core.ObjectMappers.jsonMapper()
                .readValue(upstream.body(), MessageCreateParams.Body.class);
        body.validate();
        Map<String, JsonValue> unknown = new HashMap<>(body._additionalProperties());
        if (upstream.streaming()) {
            // The SDK's createStreaming sends "stream": true as an extra body property itself: the field
            // belongs to the endpoint, not to MessageCreateParams.
            assertEquals(JsonValue.from(true), unknown.remove("stream"));
        }
        assertTrue(unknown.isEmpty(), "unknown fields in the body: " + unknown.keySet());
        assertNoUnknownFields(body, "body", true);
        assertFalse(new String(upstream.body(), StandardCharsets.UTF_8).contains("\"temperature\""));
        PAIRS.computeIfAbsent("requests", k -> new AtomicInteger()).incrementAndGet();
    }

    /** The walk finds a field the SDK does not know wherever it is: in a block, a tool, output_config, thinking. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "/messages/0/content/0", "/messages/1/content/0", "/tools/0", "/tool_choice", "/output_config",
            "/output_config/format", "/thinking", "/metadata", "/system/0"})
    void theWalkFindsAnUnknownFieldAtEveryLevel(String at) throws Exception {
        UpstreamRequest upstream = translator.toUpstream(json("""
                {"model":"smart","messages":[{"role":"system","content":"A"},{"role":"system","content":"B"},
                  {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"there"}]},
                  {"role":"assistant","content":"Hello","tool_calls":[{"id":"toolu_1","type":"function",
                    "function":{"name":"get_weather","arguments":"{}"}}]},
                  {"role":"tool","tool_call_id":"toolu_1","content":"sunny"}],
                 "tools":[%s],"tool_choice":"auto","user":"u","reasoning_effort":"low",
                 "response_format":{"type":"json_schema","json_schema":{"name":"n","schema":{"type":"object"}}}}"""
                .formatted(TOOL)), MODEL);
        ObjectNode body = (ObjectNode) json(new String(upstream.body(), StandardCharsets.UTF_8));
        if (!body.has("thinking")) {
            body.putObject("thinking").put("type", "adaptive");
        }
        ((ObjectNode) body.at(at)).put("not_in_the_sdk", 1);
        MessageCreateParams.Body parsed = com.anthropic.core.ObjectMappers.jsonMapper()
                .readValue(WireFixtures.bytes(body), MessageCreateParams.Body.class);
        AssertionError e = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> assertNoUnknownFields(parsed, "body", true));
        assertTrue(e.getMessage().contains("not_in_the_sdk"), e.getMessage());
    }

    /** Classes whose extra properties are the payload itself: JSON Schemas and tool arguments. */
    private static final List<String> FREE_FORM = List.of(
            "com.anthropic.models.messages.Tool$InputSchema",
            "com.anthropic.models.messages.Tool$InputSchema$Properties",
            "com.anthropic.models.messages.JsonOutputFormat$Schema",
            "com.anthropic.models.messages.ToolUseBlockParam$Input");

    /**
     * Walks an SDK value: every model object's {@code _additionalProperties()} must be empty (the body's
     * own is checked by the caller), and every known field, list element and union variant is walked too.
     */
    private static void assertNoUnknownFields(Object value, String path, boolean root) {
        switch (value) {
            case null -> {
                return;
            }
            case Optional<?> optional -> {
                optional.ifPresent(v -> assertNoUnknownFields(v, path, false));
                return;
            }
            case List<?> list -> {
                for (int i = 0; i < list.size(); i++) {
                    assertNoUnknownFields(list.get(i), path + "[" + i + "]", false);
                }
                return;
            }
            case JsonField<?> field -> {
                assertNoUnknownFields(field.asKnown(), path, false);
                return;
            }
            default -> {
            }
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("com.anthropic.models.") || value instanceof com.anthropic.core.Enum) {
            return;
        }
        Method additional = method(type, "_additionalProperties");
        if (additional != null) {
            if (!root && !FREE_FORM.contains(type.getName())) {
                Map<?, ?> extra = (Map<?, ?>) invoke(additional, value);
                assertTrue(extra.isEmpty(), path + " (" + type.getSimpleName() + ") has unknown fields " + extra.keySet());
            }
            for (Method m : type.getMethods()) {
                if (isAccessor(m) && m.getName().startsWith("_") && JsonField.class.isAssignableFrom(m.getReturnType())) {
                    assertNoUnknownFields(invoke(m, value), path + "." + m.getName().substring(1), false);
                }
            }
        } else {
            // a union: the variant that is present answers its Optional accessor
            for (Method m : type.getMethods()) {
                if (isAccessor(m) && !m.getName().startsWith("_") && m.getReturnType() == Optional.class) {
                    assertNoUnknownFields(invoke(m, value), path + "<" + m.getName() + ">", false);
                }
            }
        }
    }

    private static boolean isAccessor(Method m) {
        return m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers()) && !m.getName().contains("$");
    }

    private static Method method(Class<?> type, String name) {
        try {
            return type.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static Object invoke(Method m, Object target) {
        try {
            return m.invoke(target);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        } catch (InvocationTargetException e) {
            throw new AssertionError(m + " failed on a validated value", e.getCause());
        }
    }

    // ---------------------------------------------------------------- answers

    private static final String REFUSAL_EXPLANATION = "This request was declined because it could enable cyber harm.";

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("message.json", AnthropicWireFixturesTest.text("message.json"), "stop", null),
                Arguments.of("message-tool-use.json", AnthropicWireFixturesTest.text("message-tool-use.json"),
                        "tool_calls", null),
                Arguments.of("message-cache-read.json", AnthropicWireFixturesTest.text("message-cache-read.json"),
                        "stop", null),
                Arguments.of("message-cache-write.json", AnthropicWireFixturesTest.text("message-cache-write.json"),
                        "stop", null),
                Arguments.of("message-refusal.json", AnthropicWireFixturesTest.text("message-refusal.json"),
                        "content_filter", REFUSAL_EXPLANATION),
                Arguments.of("a refusal without stop_details or text", """
                        {"id":"msg_01R","type":"message","role":"assistant","model":"claude-opus-4-7","content":[],
                         "stop_reason":"refusal","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":0}}""",
                        "content_filter", OpenAiToAnthropic.REFUSAL),
                Arguments.of("max_tokens with a thinking block", """
                        {"id":"msg_01T","type":"message","role":"assistant","model":"claude-opus-4-7",
                         "content":[{"type":"thinking","thinking":"Let me see.","signature":"EqQBCgIYAhIM"},
                                    {"type":"text","text":"The answer is"}],
                         "stop_reason":"max_tokens","stop_sequence":null,"usage":{"input_tokens":10,"output_tokens":20}}""",
                        "length", null),
                Arguments.of("stop_sequence", """
                        {"id":"msg_01S","type":"message","role":"assistant","model":"claude-opus-4-7",
                         "content":[{"type":"text","text":"one two"}],"stop_reason":"stop_sequence","stop_sequence":"END",
                         "usage":{"input_tokens":10,"output_tokens":3}}""", "stop", null),
                Arguments.of("pause_turn (the turn ended: stop)", """
                        {"id":"msg_01P","type":"message","role":"assistant","model":"claude-opus-4-7",
                         "content":[{"type":"text","text":"Searching"}],"stop_reason":"pause_turn","stop_sequence":null,
                         "usage":{"input_tokens":10,"output_tokens":3}}""", "stop", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void everyAnswerParsesIntoAChatCompletion(String name, String anthropic, String finishReason, String refusal)
            throws Exception {
        TranslatedResponse response = translator.fromUpstream(200, anthropic.getBytes(StandardCharsets.UTF_8),
                CLIENT_MODEL);
        ObjectNode body = response.body();
        ChatCompletion completion = com.openai.core.ObjectMappers.jsonMapper()
                .readValue(WireFixtures.bytes(body), ChatCompletion.class);
        completion.validate();
        ChatCompletion.Choice choice = completion.choices().get(0);
        assertTrue(choice._logprobs().isNull(), "logprobs must be present and null");
        assertFalse(choice.message()._refusal().isMissing(), "message.refusal must be present");
        assertEquals(Optional.ofNullable(refusal), choice.message().refusal());
        assertEquals(finishReason, choice.finishReason().asString());
        PAIRS.computeIfAbsent("answers", k -> new AtomicInteger()).incrementAndGet();
    }

    static Stream<Arguments> streams() {
        List<Arguments> cases = new ArrayList<>();
        for (String fixture : List.of("stream-basic.txt", "stream-long.txt", "stream-tool-use.txt",
                "stream-refusal.txt", "stream-cache-write.txt")) {
            for (boolean includeUsage : List.of(false, true)) {
                cases.add(Arguments.of(fixture, includeUsage));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, include_usage {1}")
    @MethodSource("streams")
    void everyStreamedChunkParsesIntoAChatCompletionChunk(String fixture, boolean includeUsage) throws Exception {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, includeUsage);
        List<SseEvent> out = translate(stream, events(AnthropicWireFixturesTest.text(fixture)));
        assertTrue(stream.completed());
        assertEquals("[DONE]", out.get(out.size() - 1).data());
        String refusal = null;
        String finishReason = null;
        for (SseEvent event : out.subList(0, out.size() - 1)) {
            ChatCompletionChunk chunk = com.openai.core.ObjectMappers.jsonMapper()
                    .readValue(event.data(), ChatCompletionChunk.class);
            chunk.validate();
            for (ChatCompletionChunk.Choice choice : chunk.choices()) {
                assertTrue(choice._logprobs().isNull(), "logprobs must be present and null");
                if (choice.delta().refusal().isPresent()) {
                    refusal = choice.delta().refusal().get();
                }
                if (choice.finishReason().isPresent()) {
                    finishReason = choice.finishReason().get().asString();
                }
            }
            if (chunk.choices().isEmpty()) {
                assertTrue(includeUsage);
                assertNotNull(chunk.usage().orElse(null));
            }
        }
        if (fixture.equals("stream-refusal.txt")) {
            assertEquals(REFUSAL_EXPLANATION, refusal);
            assertEquals("content_filter", finishReason);
        } else {
            assertEquals(null, refusal);
            assertNotNull(finishReason);
        }
        PAIRS.computeIfAbsent("streams", k -> new AtomicInteger()).incrementAndGet();
    }
}
