package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.llmrouter.forward.translate.WireFixtures.CLOCK;
import static io.llmrouter.forward.translate.WireFixtures.assertEvents;
import static io.llmrouter.forward.translate.WireFixtures.assertJson;
import static io.llmrouter.forward.translate.WireFixtures.chunk;
import static io.llmrouter.forward.translate.WireFixtures.chunks;
import static io.llmrouter.forward.translate.WireFixtures.events;
import static io.llmrouter.forward.translate.WireFixtures.json;
import static io.llmrouter.forward.translate.WireFixtures.text;
import static io.llmrouter.forward.translate.WireFixtures.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiToAnthropicTest {

    private static final String MODEL = "claude-sonnet-4-5";
    private static final String CLIENT_MODEL = "smart";
    private static final String WEATHER_TOOL = """
            {"type":"function","function":{"name":"get_weather",
             "description":"Get the current weather in a given location",
             "parameters":{"type":"object","properties":{"location":{"type":"string",
               "description":"The city and state, e.g. San Francisco, CA"}},"required":["location"]}}}""";
    private static final String WEATHER_TOOL_ANTHROPIC = """
            {"name":"get_weather","description":"Get the current weather in a given location",
             "input_schema":{"type":"object","properties":{"location":{"type":"string",
               "description":"The city and state, e.g. San Francisco, CA"}},"required":["location"]}}""";

    private final OpenAiToAnthropic translator = new OpenAiToAnthropic(CLOCK, OpenAiToAnthropic.DEFAULT_MAX_TOKENS);

    // ---------------------------------------------------------------- requests

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("a system prompt becomes the top-level system",
                        """
                        {"model":"smart","messages":[{"role":"system","content":"You are terse."},
                          {"role":"user","content":"Hello"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"system":"You are terse.",
                         "messages":[{"role":"user","content":"Hello"}]}"""),
                Arguments.of("several system and developer messages keep their order as blocks",
                        """
                        {"messages":[{"role":"system","content":"A"},{"role":"user","content":"Hi"},
                          {"role":"developer","content":[{"type":"text","text":"B"}]}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,
                         "system":[{"type":"text","text":"A"},{"type":"text","text":"B"}],
                         "messages":[{"role":"user","content":"Hi"}]}"""),
                Arguments.of("a multi-turn conversation keeps its turns",
                        """
                        {"messages":[{"role":"user","content":"Hello there."},
                          {"role":"assistant","content":"Hi, I'm Claude. How can I help you?"},
                          {"role":"user","content":"Can you explain LLMs in plain English?"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,
                         "messages":[{"role":"user","content":"Hello there."},
                          {"role":"assistant","content":"Hi, I'm Claude. How can I help you?"},
                          {"role":"user","content":"Can you explain LLMs in plain English?"}]}"""),
                Arguments.of("consecutive messages of one role are merged into one turn",
                        """
                        {"messages":[{"role":"user","content":"First"},
                          {"role":"user","content":[{"type":"text","text":"Second"}]},
                          {"role":"assistant","content":"A"},{"role":"assistant","content":"B"},
                          {"role":"user","content":"C"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[
                          {"role":"user","content":[{"type":"text","text":"First"},{"type":"text","text":"Second"}]},
                          {"role":"assistant","content":[{"type":"text","text":"A"},{"type":"text","text":"B"}]},
                          {"role":"user","content":"C"}]}"""),
                Arguments.of("an empty assistant message is dropped and the users around it merge",
                        """
                        {"messages":[{"role":"user","content":"Hi"},{"role":"assistant","content":""},
                          {"role":"user","content":"Again"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[
                          {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"Again"}]}]}"""),
                Arguments.of("max_tokens passes through",
                        """
                        {"max_tokens":256,"messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":256,"messages":[{"role":"user","content":"Hi"}]}"""),
                Arguments.of("max_completion_tokens wins over max_tokens",
                        """
                        {"max_tokens":256,"max_completion_tokens":50,"messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":50,"messages":[{"role":"user","content":"Hi"}]}"""),
                Arguments.of("a stop string becomes stop_sequences",
                        """
                        {"stop":"\\n\\nHuman:","messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],
                         "stop_sequences":["\\n\\nHuman:"]}"""),
                Arguments.of("stop array; temperature and top_p are left out (the API no longer takes them)",
                        """
                        {"stop":["END","STOP"],"temperature":0.2,"top_p":0.9,
                         "messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],
                         "stop_sequences":["END","STOP"]}"""),
                Arguments.of("response_format json_schema becomes output_config.format",
                        """
                        {"response_format":{"type":"json_schema","json_schema":{"name":"a","strict":true,
                          "schema":{"type":"object","properties":{"a":{"type":"string"}},"required":["a"],
                                    "additionalProperties":false}}},
                         "messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],
                         "output_config":{"format":{"type":"json_schema","schema":{"type":"object",
                           "properties":{"a":{"type":"string"}},"required":["a"],"additionalProperties":false}}}}"""),
                Arguments.of("response_format text sends nothing",
                        """
                        {"response_format":{"type":"text"},"messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}]}"""),
                Arguments.of("reasoning_effort becomes output_config.effort and adaptive thinking",
                        """
                        {"reasoning_effort":"medium","messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],
                         "output_config":{"effort":"medium"},"thinking":{"type":"adaptive"}}"""),
                Arguments.of("reasoning_effort minimal is Anthropic's lowest effort, low",
                        """
                        {"reasoning_effort":"minimal","messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],
                         "output_config":{"effort":"low"},"thinking":{"type":"adaptive"}}"""),
                Arguments.of("reasoning_effort none sends neither effort nor thinking",
                        """
                        {"reasoning_effort":"none","messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}]}"""),
                Arguments.of("reasoning_effort with a forced tool: effort without thinking (Anthropic refuses both)",
                        """
                        {"reasoning_effort":"xhigh","tools":[%s],"tool_choice":"required",
                         "messages":[{"role":"user","content":"Hi"}]}""".formatted(WEATHER_TOOL),
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],
                         "tools":[%s],"tool_choice":{"type":"any"},"output_config":{"effort":"xhigh"}}"""
                                .formatted(WEATHER_TOOL_ANTHROPIC)),
                Arguments.of("reasoning_effort after tool calls: effort without thinking (no thinking blocks to send back)",
                        """
                        {"reasoning_effort":"high","messages":[{"role":"user","content":"Hi"},
                          {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_1","type":"function",
                            "function":{"name":"get_weather","arguments":"{}"}}]},
                          {"role":"tool","tool_call_id":"toolu_1","content":"sunny"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"},
                          {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{}}]},
                          {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":"sunny"}]}],
                         "output_config":{"effort":"high"}}"""),
                Arguments.of("stream asks Anthropic to stream; stream_options stay with the router",
                        """
                        {"stream":true,"stream_options":{"include_usage":true},
                         "messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],
                         "stream":true}"""),
                Arguments.of("user becomes metadata.user_id; seed, n=1 and OpenAI-only fields are dropped",
                        """
                        {"user":"user-1234","seed":42,"n":1,"store":true,"metadata":{"k":"v"},
                         "presence_penalty":0,"logit_bias":{},"messages":[{"role":"user","content":"Hi"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],
                         "metadata":{"user_id":"user-1234"}}"""),
                Arguments.of("a base64 data URL image becomes a base64 image block",
                        """
                        {"messages":[{"role":"user","content":[{"type":"text","text":"What is in this image?"},
                          {"type":"image_url","image_url":{"url":"data:image/png;base64,iVBORw0KGgo="}}]}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":[
                          {"type":"text","text":"What is in this image?"},
                          {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}]}]}"""),
                Arguments.of("an https image becomes a URL image block",
                        """
                        {"messages":[{"role":"user","content":[{"type":"image_url",
                          "image_url":{"url":"https://upload.wikimedia.org/a.jpg","detail":"high"}}]}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":[
                          {"type":"image","source":{"type":"url","url":"https://upload.wikimedia.org/a.jpg"}}]}]}"""),
                Arguments.of("tools become input_schema tools; tool_choice auto",
                        "{\"tool_choice\":\"auto\",\"tools\":[" + WEATHER_TOOL + "],"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in SF?\"}]}",
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in SF?\"}],"
                                + "\"tools\":[" + WEATHER_TOOL_ANTHROPIC + "],\"tool_choice\":{\"type\":\"auto\"}}"),
                Arguments.of("tool_choice required becomes any",
                        "{\"tool_choice\":\"required\",\"tools\":[" + WEATHER_TOOL + "],"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in SF?\"}]}",
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in SF?\"}],"
                                + "\"tools\":[" + WEATHER_TOOL_ANTHROPIC + "],\"tool_choice\":{\"type\":\"any\"}}"),
                Arguments.of("a named function becomes tool; parallel_tool_calls false disables parallel use",
                        "{\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}},"
                                + "\"parallel_tool_calls\":false,\"tools\":[" + WEATHER_TOOL + "],"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in SF?\"}]}",
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in SF?\"}],"
                                + "\"tools\":[" + WEATHER_TOOL_ANTHROPIC + "],"
                                + "\"tool_choice\":{\"type\":\"tool\",\"name\":\"get_weather\","
                                + "\"disable_parallel_tool_use\":true}}"),
                Arguments.of("tool_choice none",
                        "{\"tool_choice\":\"none\",\"tools\":[" + WEATHER_TOOL + "],"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":4096,"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                                + "\"tools\":[" + WEATHER_TOOL_ANTHROPIC + "],\"tool_choice\":{\"type\":\"none\"}}"),
                Arguments.of("a function without parameters gets an empty object schema",
                        """
                        {"tools":[{"type":"function","function":{"name":"now"}}],
                         "messages":[{"role":"user","content":"Time?"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Time?"}],
                         "tools":[{"name":"now","input_schema":{"type":"object","properties":{}}}]}"""),
                Arguments.of("an assistant tool call and its result become tool_use and tool_result",
                        """
                        {"messages":[{"role":"user","content":"What's the weather like in San Francisco?"},
                          {"role":"assistant","content":null,"tool_calls":[{"id":"toolu_01A09q90qw90lq917835lq9",
                            "type":"function","function":{"name":"get_weather",
                            "arguments":"{\\"location\\": \\"San Francisco, CA\\", \\"unit\\": \\"celsius\\"}"}}]},
                          {"role":"tool","tool_call_id":"toolu_01A09q90qw90lq917835lq9","content":"15 degrees"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[
                          {"role":"user","content":"What's the weather like in San Francisco?"},
                          {"role":"assistant","content":[{"type":"tool_use","id":"toolu_01A09q90qw90lq917835lq9",
                            "name":"get_weather","input":{"location":"San Francisco, CA","unit":"celsius"}}]},
                          {"role":"user","content":[{"type":"tool_result",
                            "tool_use_id":"toolu_01A09q90qw90lq917835lq9","content":"15 degrees"}]}]}"""),
                Arguments.of("parallel tool results and a following user message share one user turn",
                        """
                        {"messages":[{"role":"user","content":"Weather in SF and NYC?"},
                          {"role":"assistant","content":"Checking both.","tool_calls":[
                            {"id":"t1","type":"function","function":{"name":"get_weather","arguments":"{\\"location\\":\\"SF\\"}"}},
                            {"id":"t2","type":"function","function":{"name":"get_weather","arguments":""}}]},
                          {"role":"tool","tool_call_id":"t1","content":[{"type":"text","text":"15 degrees"}]},
                          {"role":"tool","tool_call_id":"t2","content":"20 degrees"},
                          {"role":"user","content":"Which is warmer?"}]}""",
                        """
                        {"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[
                          {"role":"user","content":"Weather in SF and NYC?"},
                          {"role":"assistant","content":[{"type":"text","text":"Checking both."},
                            {"type":"tool_use","id":"t1","name":"get_weather","input":{"location":"SF"}},
                            {"type":"tool_use","id":"t2","name":"get_weather","input":{}}]},
                          {"role":"user","content":[
                            {"type":"tool_result","tool_use_id":"t1","content":"15 degrees"},
                            {"type":"tool_result","tool_use_id":"t2","content":"20 degrees"},
                            {"type":"text","text":"Which is warmer?"}]}]}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void translatesRequests(String name, String openAiRequest, String expectedBody) throws Exception {
        UpstreamRequest request = translator.toUpstream(json(openAiRequest), MODEL);
        assertEquals(json(expectedBody), json(new String(request.body(), StandardCharsets.UTF_8)));
    }

    @Test
    void postsToMessagesWithTheApiVersionAndNoCredentials() throws Exception {
        UpstreamRequest request = translator.toUpstream(json("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"),
                MODEL);
        assertEquals("POST", request.method());
        assertEquals("/v1/messages", request.path());
        assertEquals(Map.of("content-type", "application/json", "anthropic-version", "2023-06-01",
                "accept", "application/json"), request.headers());
        assertFalse(request.streaming());
        assertEquals("https://api.anthropic.com", translator.defaultBaseUrl().toString());
        assertEquals(Map.of("x-api-key", "sk-ant-secret"), translator.authHeaders("sk-ant-secret"));
    }

    @Test
    void namesTheSamplingParametersItLeavesOut() throws Exception {
        UpstreamRequest request = translator.toUpstream(json("{\"temperature\":0.7,\"top_p\":0.9,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), MODEL);
        assertEquals(List.of("temperature", "top_p"), request.droppedParams());
        UpstreamRequest plain = translator.toUpstream(json("{\"seed\":1,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), MODEL);
        assertEquals(List.of(), plain.droppedParams());
    }

    @Test
    void aStreamingRequestAcceptsAnEventStream() throws Exception {
        UpstreamRequest request = translator.toUpstream(
                json("{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), MODEL);
        assertTrue(request.streaming());
        assertEquals("text/event-stream", request.headers().get("accept"));
    }

    @Test
    void theDefaultMaxTokensIsConfigurable() throws Exception {
        UpstreamRequest request = new OpenAiToAnthropic(CLOCK, 1024)
                .toUpstream(json("{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"), MODEL);
        assertEquals(1024, json(new String(request.body(), StandardCharsets.UTF_8)).get("max_tokens").intValue());
    }

    @Test
    void translatingLeavesTheClientRequestUntouched() throws Exception {
        JsonNode original = json("{\"model\":\"smart\",\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
                + "{\"role\":\"user\",\"content\":\"Hi\"}]}");
        JsonNode copy = original.deepCopy();
        translator.toUpstream(original, MODEL);
        assertEquals(copy, original);
    }

    /**
     * Requests valid by OpenAI's contract that Anthropic cannot serve as asked. A request that breaks the
     * contract never gets here: the gateway refuses it (BadRequestTableTest).
     */
    static Stream<Arguments> rejectedRequests() {
        return Stream.of(
                Arguments.of("several choices", "{\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "n"),
                Arguments.of("log probabilities",
                        "{\"logprobs\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "logprobs"),
                Arguments.of("top log probabilities",
                        "{\"top_logprobs\":2,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "top_logprobs"),
                Arguments.of("a logit bias",
                        "{\"logit_bias\":{\"50256\":-100},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "logit_bias"),
                Arguments.of("a presence penalty",
                        "{\"presence_penalty\":0.5,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "presence_penalty"),
                Arguments.of("JSON mode",
                        "{\"response_format\":{\"type\":\"json_object\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "response_format"),
                Arguments.of("a reasoning effort OpenAI does not define",
                        "{\"reasoning_effort\":\"max\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "reasoning_effort"),
                Arguments.of("json_schema without a schema",
                        "{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a\"}},"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "response_format.json_schema.schema"),
                Arguments.of("audio output",
                        "{\"audio\":{\"voice\":\"alloy\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", "audio"),
                Arguments.of("audio among the modalities",
                        "{\"modalities\":[\"text\",\"audio\"],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "modalities"),
                Arguments.of("the legacy functions API",
                        "{\"functions\":[{\"name\":\"f\"}],\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "functions"),
                Arguments.of("a legacy function call in the history",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":null,"
                                + "\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}",
                        "messages[1].function_call"),
                Arguments.of("the legacy function role",
                        "{\"messages\":[{\"role\":\"function\",\"name\":\"f\",\"content\":\"42\"}]}", "messages[0].role"),
                Arguments.of("an image type Anthropic cannot read",
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                                + "\"image_url\":{\"url\":\"data:image/bmp;base64,Qk0=\"}}]}]}",
                        "messages[0].content[0].image_url.url"),
                Arguments.of("a data URL that is not base64",
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                                + "\"image_url\":{\"url\":\"data:image/png,abc\"}}]}]}",
                        "messages[0].content[0].image_url.url"),
                Arguments.of("an image URL that is not http",
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\","
                                + "\"image_url\":{\"url\":\"ftp://example.com/a.png\"}}]}]}",
                        "messages[0].content[0].image_url.url"),
                Arguments.of("audio input",
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\","
                                + "\"input_audio\":{\"data\":\"AAA=\",\"format\":\"wav\"}}]}]}",
                        "messages[0].content[0].type"),
                Arguments.of("a file",
                        "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\","
                                + "\"file\":{\"file_id\":\"file-1\"}}]}]}",
                        "messages[0].content[0].type"),
                Arguments.of("tool call arguments that are not JSON",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"tool_calls\":"
                                + "[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                                + "\"arguments\":\"{location: SF\"}}]}]}",
                        "messages[1].tool_calls[0].function.arguments"),
                Arguments.of("tool call arguments that are a JSON array",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"tool_calls\":"
                                + "[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                                + "\"arguments\":\"[1]\"}}]}]}",
                        "messages[1].tool_calls[0].function.arguments"),
                Arguments.of("a custom tool call in the history",
                        "{\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"tool_calls\":"
                                + "[{\"id\":\"t1\",\"type\":\"custom\",\"custom\":{\"name\":\"grep\",\"input\":\"x\"}}]}]}",
                        "messages[1].tool_calls[0].type"),
                Arguments.of("only a system message", "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"}]}",
                        "messages"),
                Arguments.of("a custom tool",
                        "{\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"grep\"}}],"
                                + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "tools[0].type"),
                Arguments.of("a choice among allowed tools",
                        "{\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":"
                                + "{\"mode\":\"auto\",\"tools\":[]}},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                        "tool_choice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedRequests")
    void rejectsWhatCannotBeTranslatedNamingTheField(String name, String openAiRequest, String param) {
        RequestTranslationException e = assertThrows(RequestTranslationException.class,
                () -> translator.toUpstream(json(openAiRequest), MODEL));
        assertEquals(param, e.param());
        assertTrue(e.getMessage().contains(param.split("[.\\[]")[0]), "the message names the field: " + e.getMessage());
        assertEquals(400, e.status());
        ObjectNode error = e.toOpenAiError();
        assertEquals("invalid_request_error", error.path("error").path("type").asText());
        assertEquals(param, error.path("error").path("param").asText());
        assertEquals(e.getMessage(), error.path("error").path("message").asText());
    }

    // ---------------------------------------------------------------- responses

    @Test
    void translatesTheDocumentedResponse() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200, WireFixtures.bytes("anthropic/message.json"),
                CLIENT_MODEL);
        assertJson("""
                {"id":"msg_013Zva2CMHLNnXjNJJKqJ2EF","object":"chat.completion","created":1760000000,"model":"smart",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi! My name is Claude.","refusal":null},
                   "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":2095,"completion_tokens":503,"total_tokens":2598}}""", response.body());
        assertEquals(200, response.status());
        assertFalse(response.isError());
        assertEquals(new Usage(2095, 503, null), response.usage());
    }

    @Test
    void keepsAnthropicsModelWhenTheClientModelIsUnknown() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200, WireFixtures.bytes("anthropic/message.json"), null);
        assertEquals("claude-3-7-sonnet-20250219", response.body().get("model").asText());
    }

    @Test
    void translatesToolUseIntoToolCalls() throws Exception {
        ObjectNode withoutUsage = (ObjectNode) json(AnthropicWireFixturesTest.text("message-tool-use.json"));
        withoutUsage.remove("usage");
        TranslatedResponse response = translator.fromUpstream(200, WireFixtures.bytes(withoutUsage), CLIENT_MODEL);
        JsonNode message = response.body().path("choices").get(0).path("message");
        assertEquals("I'll check the current weather in San Francisco for you.", message.get("content").asText());
        JsonNode call = message.path("tool_calls").get(0);
        assertEquals("toolu_01A09q90qw90lq917835lq9", call.get("id").asText());
        assertEquals("function", call.get("type").asText());
        assertEquals("get_weather", call.path("function").get("name").asText());
        assertEquals(json("{\"location\":\"San Francisco, CA\",\"unit\":\"celsius\"}"),
                json(call.path("function").get("arguments").asText()));
        assertEquals("tool_calls", response.body().path("choices").get(0).get("finish_reason").asText());
        // a message without usage (the real API always sends one): unknown, not zero
        assertEquals(Usage.UNKNOWN, response.usage());
        assertFalse(response.body().has("usage"));
    }

    @Test
    void aResponseOfOnlyToolUseHasNullContent() throws Exception {
        ObjectNode message = WireFixtures.tree("anthropic/message-tool-use.json");
        ((com.fasterxml.jackson.databind.node.ArrayNode) message.get("content")).remove(0);
        TranslatedResponse response = translator.fromUpstream(200, WireFixtures.bytes(message), CLIENT_MODEL);
        assertTrue(response.body().path("choices").get(0).path("message").get("content").isNull());
    }

    @Test
    void countsCacheReadsAsPromptTokens() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200,
                WireFixtures.bytes("anthropic/message-cache-read.json"), CLIENT_MODEL);
        // input_tokens 21 excludes the 188086 tokens read from the cache; OpenAI's prompt_tokens includes them
        assertEquals(new Usage(188107, 393, 188086, 0, 0), response.usage());
        assertJson("{\"prompt_tokens\":188107,\"completion_tokens\":393,\"total_tokens\":188500,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":188086}}", response.body().get("usage"));
        assertEquals(response.usage(), translator.usage(WireFixtures.tree("anthropic/message-cache-read.json")));
    }

    @Test
    void countsCacheWritesAsPromptTokens() {
        JsonNode response = json("{\"usage\":{\"cache_creation_input_tokens\":188086,\"cache_read_input_tokens\":0,"
                + "\"input_tokens\":21,\"output_tokens\":393}}");
        assertEquals(new Usage(188107, 393, 0, 188086, 0), translator.usage(response));
    }

    @Test
    void keepsCacheWritesApartWithTheirLifetime() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200,
                AnthropicWireFixturesTest.text("message-cache-write.json").getBytes(StandardCharsets.UTF_8), CLIENT_MODEL);
        // 21 uncached + 188086 written (456 for five minutes, 187630 for an hour): all of it is OpenAI's prompt
        assertEquals(new Usage(188107, 393, 0, 188086, 187630), response.usage());
        assertJson("{\"prompt_tokens\":188107,\"completion_tokens\":393,\"total_tokens\":188500,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0}}", response.body().get("usage"));
        JsonNode breakdownOnly = json("{\"usage\":{\"input_tokens\":5,\"output_tokens\":1,"
                + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":10,\"ephemeral_1h_input_tokens\":20}}}");
        assertEquals(new Usage(35, 1, null, 30, 20), translator.usage(breakdownOnly));
    }

    @Test
    void aRefusalFillsRefusalAndIsAContentFilterStop() throws Exception {
        TranslatedResponse response = translator.fromUpstream(200,
                AnthropicWireFixturesTest.text("message-refusal.json").getBytes(StandardCharsets.UTF_8), CLIENT_MODEL);
        assertJson("""
                {"id":"msg_01RefusalExample","object":"chat.completion","created":1760000000,"model":"smart",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"Hello..",
                   "refusal":"This request was declined because it could enable cyber harm."},
                   "logprobs":null,"finish_reason":"content_filter"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":3,"total_tokens":15}}""", response.body());
        ObjectNode plain = WireFixtures.tree("anthropic/message.json");
        JsonNode message = translator.fromUpstream(200, WireFixtures.bytes(plain), CLIENT_MODEL).body()
                .path("choices").get(0).get("message");
        assertTrue(message.get("refusal").isNull(), "refusal is present and null: " + message);
    }

    @Test
    void aStreamedRefusalSendsTheRefusalThenContentFilter() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = translate(stream, events(AnthropicWireFixturesTest.text("stream-refusal.txt")));
        String id = "msg_01RefusalStream";
        assertEvents(List.of(
                chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk(id, "{\"content\":\"Hello..\"}", null),
                chunk(id, "{\"refusal\":\"This request was declined because it could enable cyber harm.\"}", null),
                chunk(id, "{}", "content_filter"),
                "[DONE]"), out);
        assertTrue(stream.completed());
    }

    @Test
    void aStreamKeepsCacheWritesApart() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        translate(stream, events(AnthropicWireFixturesTest.text("stream-cache-write.txt")));
        assertEquals(new Usage(188107, 393, 0, 188086, 187630), stream.usage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "end_turn, stop",
            "stop_sequence, stop",
            "max_tokens, length",
            "model_context_window_exceeded, length",
            "tool_use, tool_calls",
            "refusal, content_filter",
            "pause_turn, stop",
            "a_reason_from_the_future, stop",
            "null, null"})
    void mapsStopReasons(String stopReason, String finishReason) throws Exception {
        ObjectNode message = WireFixtures.tree("anthropic/message.json");
        message.put("stop_reason", stopReason);
        TranslatedResponse response = translator.fromUpstream(200, WireFixtures.bytes(message), CLIENT_MODEL);
        JsonNode actual = response.body().path("choices").get(0).get("finish_reason");
        assertEquals(finishReason, actual.isNull() ? null : actual.asText());
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(404, "anthropic/error-not-found.json", "not_found_error",
                        "The requested resource could not be found."),
                Arguments.of(529, "anthropic/error-overloaded.json", "overloaded_error", "Overloaded"));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @MethodSource("errors")
    void translatesErrors(int status, String fixture, String type, String message) throws Exception {
        TranslatedResponse response = translator.fromUpstream(status, WireFixtures.bytes(fixture), CLIENT_MODEL);
        assertEquals(status, response.status());
        assertTrue(response.isError());
        assertJson("{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + type
                + "\",\"param\":null,\"code\":null}}", response.body());
        assertEquals(Usage.UNKNOWN, response.usage());
    }

    @Test
    void anErrorWithoutJsonStillGivesAnOpenAiError() throws Exception {
        TranslatedResponse response = translator.fromUpstream(502,
                "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8), CLIENT_MODEL);
        assertEquals(502, response.status());
        assertEquals("anthropic answered HTTP 502 without an error message",
                response.body().path("error").get("message").asText());
        assertEquals("server_error", response.body().path("error").get("type").asText());
    }

    static Stream<Arguments> invalidSuccessBodies() {
        return Stream.of(
                Arguments.of("<html>oops</html>", "anthropic response is not valid JSON"),
                Arguments.of("", "anthropic response is empty"),
                Arguments.of("{\"id\":\"msg_1\",\"content\":[]} trailing", "anthropic response is not valid JSON"),
                Arguments.of("[1,2,3]", "anthropic response is array, expected a JSON object"),
                Arguments.of("{\"id\":\"msg_1\",\"type\":\"message\"}", "anthropic response has no id or no content array"),
                Arguments.of("{\"content\":[]}", "anthropic response has no id or no content array"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("invalidSuccessBodies")
    void rejectsSuccessBodiesThatAreNotAMessage(String body, String message) {
        UpstreamFormatException e = assertThrows(UpstreamFormatException.class,
                () -> translator.fromUpstream(200, body.getBytes(StandardCharsets.UTF_8), CLIENT_MODEL));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    // ---------------------------------------------------------------- streams

    private static final String BASIC_ID = "msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY";

    @Test
    void translatesTheBasicStreamChunkByChunk() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = translate(stream, events(text("anthropic/stream-basic.txt")));
        assertEvents(List.of(
                chunk(BASIC_ID, "{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk(BASIC_ID, "{\"content\":\"Hello\"}", null),
                chunk(BASIC_ID, "{\"content\":\"!\"}", null),
                chunk(BASIC_ID, "{}", "stop"),
                "[DONE]"), out);
        assertTrue(stream.completed());
        assertTrue(stream.failure().isEmpty());
        assertEquals(new Usage(25, 15, null), stream.usage());
    }

    @Test
    void addsTheUsageChunkWhenTheClientAskedForIt() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, events(text("anthropic/stream-basic.txt")));
        assertEquals(6, out.size());
        assertEquals(json("{\"id\":\"" + BASIC_ID + "\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,"
                + "\"model\":\"smart\",\"choices\":[],"
                + "\"usage\":{\"prompt_tokens\":25,\"completion_tokens\":15,\"total_tokens\":40}}"),
                json(out.get(4).data()));
        assertEquals("[DONE]", out.get(5).data());
    }

    @Test
    void translatesTheToolUseStream() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = translate(stream, events(text("anthropic/stream-tool-use.txt")));
        String id = "msg_014p7gG3wDgGV9EUtLvnow3U";
        // role, 13 text deltas, the tool call start, 8 non-empty argument fragments, finish, [DONE]
        assertEquals(1 + 13 + 1 + 8 + 1 + 1, out.size());
        assertEquals(json(chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", null)), json(out.get(0).data()));
        assertEquals(json(chunk(id, "{\"tool_calls\":[{\"index\":0,\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\","
                + "\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]}", null)),
                json(out.get(14).data()));
        assertEquals(json(chunk(id, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"location\\\":\"}}]}",
                null)), json(out.get(15).data()));
        assertEquals(json(chunk(id, "{}", "tool_calls")), json(out.get(23).data()));
        assertEquals("[DONE]", out.get(24).data());

        StringBuilder content = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        for (JsonNode chunk : chunks(out)) {
            JsonNode delta = chunk.path("choices").get(0).path("delta");
            content.append(delta.path("content").asText(""));
            arguments.append(delta.path("tool_calls").path(0).path("function").path("arguments").asText(""));
        }
        assertEquals("Okay, let's check the weather for San Francisco, CA:", content.toString());
        assertEquals(json("{\"location\":\"San Francisco, CA\",\"unit\":\"fahrenheit\"}"), json(arguments.toString()));
        assertEquals(new Usage(472, 89, null), stream.usage());
    }

    @Test
    void anErrorEventEndsTheStreamWithAnOpenAiError() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, events(text("anthropic/stream-error.txt")));
        assertEvents(List.of(
                chunk(BASIC_ID, "{\"role\":\"assistant\",\"content\":\"\"}", null),
                chunk(BASIC_ID, "{\"content\":\"Hello\"}", null),
                "{\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\",\"param\":null,\"code\":null}}"),
                out);
        assertFalse(stream.completed());
        assertEquals(new StreamFailure(StreamFailure.Kind.UPSTREAM_ERROR, "Overloaded"), stream.failure().orElseThrow());
    }

    static Stream<Arguments> truncations() {
        List<SseEvent> all = events(text("anthropic/stream-basic.txt"));
        return Stream.of(
                Arguments.of("after message_delta, before message_stop", all.subList(0, 7)),
                Arguments.of("in the middle of the text", all.subList(0, 4)),
                Arguments.of("right after message_start", all.subList(0, 1)),
                Arguments.of("before any event", List.of()));
    }

    @ParameterizedTest(name = "cut {0}")
    @MethodSource("truncations")
    void aStreamEndingWithoutMessageStopIsAnError(String name, List<SseEvent> upstream) {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, true);
        List<SseEvent> out = translate(stream, upstream);
        SseEvent last = out.get(out.size() - 1);
        assertEquals(json("{\"error\":{\"message\":\"anthropic stream ended before its final event\","
                + "\"type\":\"upstream_error\",\"param\":null,\"code\":\"stream_interrupted\"}}"), json(last.data()));
        assertTrue(out.stream().noneMatch(e -> e.data().equals("[DONE]")));
        assertFalse(stream.completed());
        assertEquals(StreamFailure.Kind.TRUNCATED, stream.failure().orElseThrow().kind());
    }

    @Test
    void anEventThatIsNotJsonFailsTheStreamAndLaterEventsAreIgnored() {
        List<SseEvent> upstream = new ArrayList<>(events(text("anthropic/stream-basic.txt")));
        upstream.add(3, SseEvent.named("content_block_delta", "{\"type\": \"content_block_delta\", \"index\": 0,"));
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = translate(stream, upstream);
        assertEquals(2, out.size(), "the role chunk, then the error, and nothing after");
        JsonNode error = json(out.get(1).data()).get("error");
        assertTrue(error.get("message").asText().startsWith("anthropic stream event is not valid JSON"),
                error.get("message").asText());
        assertEquals("invalid_upstream_event", error.get("code").asText());
        assertEquals(StreamFailure.Kind.INVALID_EVENT, stream.failure().orElseThrow().kind());
        assertEquals(List.of(), stream.onEvent(upstream.get(4)));
        assertEquals(List.of(), stream.onEnd());
    }

    @Test
    void contentBeforeMessageStartIsInvalid() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = stream.onEvent(SseEvent.named("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}"));
        assertEquals(1, out.size());
        assertEquals("anthropic stream sent content_block_delta before message_start",
                stream.failure().orElseThrow().message());
    }

    @Test
    void unknownEventsAndThinkingDeltasAreSkipped() {
        List<SseEvent> upstream = new ArrayList<>(events(text("anthropic/stream-basic.txt")));
        upstream.add(1, SseEvent.named("a_new_event", "{\"type\":\"a_new_event\",\"anything\":1}"));
        upstream.add(2, SseEvent.named("content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hm\"}}"));
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> out = translate(stream, upstream);
        assertEquals(5, out.size());
        assertTrue(stream.completed());
    }

    @Test
    void eventsAfterTheEndAreIgnored() {
        StreamTranslator stream = translator.stream(CLIENT_MODEL, false);
        List<SseEvent> upstream = events(text("anthropic/stream-basic.txt"));
        translate(stream, upstream);
        assertEquals(List.of(), stream.onEvent(upstream.get(3)));
        assertEquals(List.of(), stream.onEnd());
        assertTrue(stream.completed());
    }
}
