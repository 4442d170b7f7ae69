package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Malformed and hostile requests: each gets its 4xx in OpenAI's error shape, naming the field at
 * fault, and nothing is forwarded (the only cluster's port is closed; a forward would show as 502).
 * A body must be JSON by its Content-Type, when it has one, and UTF-8 by its bytes. OpenAI's chat
 * contract is checked here once, whatever the target: the translator tests hold only what a provider
 * cannot do.
 */
class BadRequestTableTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OK_MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
    static final String ADMIN_KEY = "admin-secret";
    static RouterGateway gateway;

    @BeforeAll
    static void deploy() {
        String table = dynamo.newTableName("bad-requests");
        StateTable.createIfMissing(dynamo.client(), table);
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {adminKey: %s}
                clusters:
                  - {name: local, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [tiny]}
                store: {tableName: %s}
                """.formatted(ADMIN_KEY, table), Map.of());
        Clock clock = Clock.systemUTC();
        var store = new DynamoRoutingStateStore(dynamo.client(), config.store());
        gateway = RouterGateway.assemble(config, store, ForwardSettings.defaults(), clock);
    }

    static String chat(String fields) {
        return "{\"model\":\"auto\"," + OK_MESSAGES + (fields.isEmpty() ? "" : "," + fields) + "}";
    }

    static String messages(String messages) {
        return "{\"model\":\"auto\",\"messages\":" + messages + "}";
    }

    static final String INVALID = "invalid_value";
    static final String MISSING = "missing_required_parameter";
    static final String WEATHER_TOOL = "{\"type\":\"function\",\"function\":{\"name\":\"get_weather\","
            + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}}";
    static final String USER = "{\"role\":\"user\",\"content\":\"hi\"}";
    static final String CALL = "{\"id\":\"call_1\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}";

    /** A conversation of a user message, then {@code message}. */
    static String after(String message) {
        return messages("[" + USER + "," + message + "]");
    }

    /** The body as a whole: its size, its JSON, its root. Rows: name, body, status, param, code. */
    static Stream<Arguments> bodies() {
        return Stream.of(
                arguments("empty body", "", 400, null, null),
                arguments("whitespace body", "   ", 400, null, null),
                arguments("broken JSON", "{not json", 400, null, null),
                arguments("array root", "[]", 400, null, null),
                arguments("string root", "\"text\"", 400, null, null),
                arguments("null root", "null", 400, null, null),
                arguments("number root", "42", 400, null, null),
                arguments("duplicate keys", "{\"model\":\"auto\",\"model\":\"x\"," + OK_MESSAGES + "}", 400, null, null),
                arguments("nested 200 deep", "{\"model\":\"auto\"," + OK_MESSAGES + ",\"x\":" + "[".repeat(200) + "]".repeat(200) + "}",
                        400, null, null),
                arguments("data after the object", chat("") + " {}", 400, null, null),
                arguments("body over 6 MB", "{\"model\":\"auto\",\"pad\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}", 413, null, "request_too_large"),
                arguments("unknown model", "{\"model\":\"no-such-model\"," + OK_MESSAGES + "}", 404, null, "model_not_found"));
    }

    /** The request's own fields, besides messages. */
    static Stream<Arguments> fields() {
        return Stream.of(
                arguments("missing model", "{" + OK_MESSAGES + "}", 400, "model", MISSING),
                arguments("model is a number", "{\"model\":7," + OK_MESSAGES + "}", 400, "model", INVALID),
                arguments("model is empty", "{\"model\":\"\"," + OK_MESSAGES + "}", 400, "model", INVALID),
                arguments("stream is a string", chat("\"stream\":\"yes\""), 400, "stream", INVALID),
                arguments("stream_options is a string", chat("\"stream_options\":\"x\""), 400, "stream_options", INVALID),
                arguments("include_usage is a string", chat("\"stream_options\":{\"include_usage\":\"y\"}"), 400, "stream_options", INVALID),
                arguments("max_tokens zero", chat("\"max_tokens\":0"), 400, "max_tokens", INVALID),
                arguments("max_tokens negative", chat("\"max_tokens\":-5"), 400, "max_tokens", INVALID),
                arguments("max_tokens fractional", chat("\"max_tokens\":1.5"), 400, "max_tokens", INVALID),
                arguments("max_tokens a string", chat("\"max_tokens\":\"10\""), 400, "max_tokens", INVALID),
                arguments("max_tokens huge", chat("\"max_tokens\":2000000"), 400, "max_tokens", INVALID),
                arguments("max_completion_tokens zero", chat("\"max_completion_tokens\":0"), 400, "max_completion_tokens", INVALID),
                arguments("temperature too high", chat("\"temperature\":3"), 400, "temperature", INVALID),
                arguments("temperature just over 2", chat("\"temperature\":2.5"), 400, "temperature", INVALID),
                arguments("temperature a string", chat("\"temperature\":\"hot\""), 400, "temperature", INVALID),
                arguments("top_p over 1", chat("\"top_p\":1.5"), 400, "top_p", INVALID),
                arguments("presence_penalty out of range", chat("\"presence_penalty\":-3"), 400, "presence_penalty", INVALID),
                arguments("several choices", chat("\"n\":2"), 400, "n", INVALID),
                arguments("stop of numbers", chat("\"stop\":[1,2]"), 400, "stop", INVALID),
                arguments("five stop sequences", chat("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"), 400, "stop", INVALID),
                arguments("user is a number", chat("\"user\":5"), 400, "user", INVALID),
                arguments("seed fractional", chat("\"seed\":1.5"), 400, "seed", INVALID),
                arguments("seed a string", chat("\"seed\":\"42\""), 400, "seed", INVALID),
                arguments("seed past 64 bits", chat("\"seed\":18446744073709551616"), 400, "seed", INVALID),
                arguments("parallel_tool_calls a string", chat("\"parallel_tool_calls\":\"no\""), 400, "parallel_tool_calls", INVALID),
                arguments("logprobs a string", chat("\"logprobs\":\"true\""), 400, "logprobs", INVALID),
                arguments("top_logprobs over 20", chat("\"top_logprobs\":21"), 400, "top_logprobs", INVALID),
                arguments("logit_bias an array", chat("\"logit_bias\":[1]"), 400, "logit_bias", INVALID),
                arguments("modalities a string", chat("\"modalities\":\"text\""), 400, "modalities", INVALID),
                arguments("reasoning_effort a number", chat("\"reasoning_effort\":3"), 400, "reasoning_effort", INVALID),
                arguments("reasoning_effort not one of OpenAI's levels", chat("\"reasoning_effort\":\"extreme\""), 400,
                        "reasoning_effort", INVALID),
                arguments("audio a string", chat("\"audio\":\"alloy\""), 400, "audio", INVALID),
                arguments("tools is an object", chat("\"tools\":{}"), 400, "tools", INVALID),
                arguments("a tool that is a string", chat("\"tools\":[\"get_weather\"]"), 400, "tools[0]", INVALID),
                arguments("a tool without a type", chat("\"tools\":[{\"function\":{\"name\":\"f\"}}]"), 400, "tools[0].type", MISSING),
                arguments("a tool of an unknown type", chat("\"tools\":[{\"type\":\"web_search\"}]"), 400, "tools[0].type", INVALID),
                arguments("a function tool without its function", chat("\"tools\":[{\"type\":\"function\"}]"), 400, "tools[0].function", MISSING),
                arguments("a function without a name", chat("\"tools\":[{\"type\":\"function\",\"function\":{}}]"),
                        400, "tools[0].function.name", MISSING),
                arguments("a function name with a space", chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get weather\"}}]"),
                        400, "tools[0].function.name", INVALID),
                arguments("a function name of 65 characters", chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"" + "f".repeat(65) + "\"}}]"),
                        400, "tools[0].function.name", INVALID),
                arguments("a function description that is a number", chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":1}}]"),
                        400, "tools[0].function.description", INVALID),
                arguments("function parameters that are a string", chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":\"{}\"}}]"),
                        400, "tools[0].function.parameters", INVALID),
                arguments("a second tool broken", chat("\"tools\":[" + WEATHER_TOOL + ",{\"type\":\"function\",\"function\":{\"name\":7}}]"),
                        400, "tools[1].function.name", INVALID),
                arguments("a custom tool without a name", chat("\"tools\":[{\"type\":\"custom\",\"custom\":{}}]"),
                        400, "tools[0].custom.name", MISSING),
                arguments("tool_choice of an unknown mode", chat("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"always\""),
                        400, "tool_choice", INVALID),
                arguments("tool_choice a number", chat("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":1"), 400, "tool_choice", INVALID),
                arguments("tool_choice of an unknown type", chat("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"tool\"}"),
                        400, "tool_choice.type", INVALID),
                arguments("tool_choice naming no function", chat("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"function\",\"function\":{}}"),
                        400, "tool_choice.function.name", MISSING),
                arguments("allowed_tools of an unknown mode", chat("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"any\",\"tools\":[]}}"),
                        400, "tool_choice.allowed_tools.mode", INVALID),
                arguments("tool_choice required without tools", chat("\"tool_choice\":\"required\""), 400, "tool_choice", INVALID),
                arguments("tool_choice required with no tools in the list", chat("\"tools\":[],\"tool_choice\":\"required\""),
                        400, "tool_choice", INVALID),
                arguments("a named function without tools", chat("\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"f\"}}"),
                        400, "tool_choice", INVALID),
                arguments("functions an object", chat("\"functions\":{}"), 400, "functions", INVALID),
                arguments("a legacy function without a name", chat("\"functions\":[{\"description\":\"d\"}]"), 400, "functions[0].name", MISSING),
                arguments("function_call of an unknown mode", chat("\"function_call\":\"always\""), 400, "function_call", INVALID),
                arguments("response_format a string", chat("\"response_format\":\"json\""), 400, "response_format", INVALID),
                arguments("response_format without a type", chat("\"response_format\":{}"), 400, "response_format.type", MISSING),
                arguments("response_format of an unknown type", chat("\"response_format\":{\"type\":\"xml\"}"), 400, "response_format.type", INVALID),
                arguments("json_schema without its json_schema", chat("\"response_format\":{\"type\":\"json_schema\"}"),
                        400, "response_format.json_schema", MISSING),
                arguments("json_schema without a name", chat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"schema\":{}}}"),
                        400, "response_format.json_schema.name", MISSING),
                arguments("json_schema with a name of dots", chat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"a.b\"}}"),
                        400, "response_format.json_schema.name", INVALID),
                arguments("json_schema whose schema is a string", chat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\",\"schema\":\"{}\"}}"),
                        400, "response_format.json_schema.schema", INVALID));
    }

    /** The messages: their shape, and what each role may and must carry. */
    static Stream<Arguments> messageCases() {
        return Stream.of(
                arguments("missing messages", "{\"model\":\"auto\"}", 400, "messages", MISSING),
                arguments("empty messages", messages("[]"), 400, "messages", INVALID),
                arguments("messages is a string", messages("\"hi\""), 400, "messages", INVALID),
                arguments("message is a number", messages("[1]"), 400, "messages[0]", INVALID),
                arguments("message without role", messages("[{\"content\":\"x\"}]"), 400, "messages[0].role", INVALID),
                arguments("unknown role", messages("[{\"role\":\"wizard\",\"content\":\"x\"}]"), 400, "messages[0].role", INVALID),
                arguments("second message broken", messages("[" + USER + ",{\"role\":7}]"), 400, "messages[1].role", INVALID),
                arguments("user message without content", messages("[{\"role\":\"user\"}]"), 400, "messages[0].content", MISSING),
                arguments("user message with null content", messages("[{\"role\":\"user\",\"content\":null}]"), 400, "messages[0].content", MISSING),
                arguments("content is a number", messages("[{\"role\":\"user\",\"content\":42}]"), 400, "messages[0].content", INVALID),
                arguments("a name that is a number", messages("[{\"role\":\"user\",\"name\":1,\"content\":\"x\"}]"),
                        400, "messages[0].name", INVALID),
                arguments("a part that is a string", messages("[{\"role\":\"user\",\"content\":[\"hi\"]}]"), 400, "messages[0].content[0]", INVALID),
                arguments("text part without text", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]"),
                        400, "messages[0].content[0].text", MISSING),
                arguments("unknown part type", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]"),
                        400, "messages[0].content[0].type", INVALID),
                arguments("image_url as a bare string", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":\"https://x/a.png\"}]}]"),
                        400, "messages[0].content[0].image_url", INVALID),
                arguments("image_url without its url", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{}}]}]"),
                        400, "messages[0].content[0].image_url.url", MISSING),
                arguments("input_audio that is a string", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":\"AAA=\"}]}]"),
                        400, "messages[0].content[0].input_audio", INVALID),
                arguments("an image in a system message", messages("[{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/a.png\"}}]}," + USER + "]"),
                        400, "messages[0].content[0].type", INVALID),
                arguments("an image in an assistant message", after("{\"role\":\"assistant\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/a.png\"}}]}"),
                        400, "messages[1].content[0].type", INVALID),
                arguments("a refusal in a user message", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"no\"}]}]"),
                        400, "messages[0].content[0].type", INVALID),
                arguments("a refusal part without its refusal", after("{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\"}]}"),
                        400, "messages[1].content[0].refusal", MISSING),
                arguments("an assistant message of nothing", after("{\"role\":\"assistant\",\"content\":null}"), 400, "messages[1].content", MISSING),
                arguments("an assistant message of no calls", after("{\"role\":\"assistant\",\"tool_calls\":[]}"),
                        400, "messages[1].content", MISSING),
                arguments("tool_calls an object", after("{\"role\":\"assistant\",\"tool_calls\":" + CALL + "}"),
                        400, "messages[1].tool_calls", INVALID),
                arguments("a tool call that is a string", after("{\"role\":\"assistant\",\"tool_calls\":[\"call_1\"]}"),
                        400, "messages[1].tool_calls[0]", INVALID),
                arguments("a tool call without an id", after("{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}"),
                        400, "messages[1].tool_calls[0].id", MISSING),
                arguments("a tool call without a type", after("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]}"),
                        400, "messages[1].tool_calls[0].type", MISSING),
                arguments("a tool call of an unknown type", after("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"web_search\"}]}"),
                        400, "messages[1].tool_calls[0].type", INVALID),
                arguments("a tool call without a function name", after("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"arguments\":\"{}\"}}]}"),
                        400, "messages[1].tool_calls[0].function.name", MISSING),
                arguments("a tool call without arguments", after("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}"),
                        400, "messages[1].tool_calls[0].function.arguments", MISSING),
                arguments("tool call arguments as an object", after("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":{}}}]}"),
                        400, "messages[1].tool_calls[0].function.arguments", INVALID),
                arguments("a custom tool call without input", after("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"custom\",\"custom\":{\"name\":\"grep\"}}]}"),
                        400, "messages[1].tool_calls[0].custom.input", MISSING),
                arguments("a legacy function_call without arguments", after("{\"role\":\"assistant\",\"function_call\":{\"name\":\"f\"}}"),
                        400, "messages[1].function_call.arguments", MISSING),
                arguments("a tool message without tool_call_id", after("{\"role\":\"tool\",\"content\":\"42\"}"),
                        400, "messages[1].tool_call_id", MISSING),
                arguments("a tool message with an empty tool_call_id", after("{\"role\":\"tool\",\"tool_call_id\":\"\",\"content\":\"42\"}"),
                        400, "messages[1].tool_call_id", INVALID),
                arguments("a tool_call_id that is a number", after("{\"role\":\"tool\",\"tool_call_id\":1,\"content\":\"42\"}"),
                        400, "messages[1].tool_call_id", INVALID),
                arguments("a tool message without content", after("{\"role\":\"tool\",\"tool_call_id\":\"call_1\"}"),
                        400, "messages[1].content", MISSING),
                arguments("an image in a tool message", after("{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/a.png\"}}]}"),
                        400, "messages[1].content[0].type", INVALID),
                arguments("a function message without a name", after("{\"role\":\"function\",\"content\":\"42\"}"), 400, "messages[1].name", MISSING),
                arguments("a function message of parts", after("{\"role\":\"function\",\"name\":\"f\",\"content\":[{\"type\":\"text\",\"text\":\"42\"}]}"),
                        400, "messages[1].content", INVALID));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"bodies", "fields", "messageCases"})
    void isRefusedWithItsStatusInOpenAisErrorShape(String name, String body, int status, String param, String code)
            throws Exception {
        HttpAnswer answer = gateway.handle(new HttpCall("POST", "/v1/chat/completions",
                Map.of("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8)));

        assertEquals(status, answer.status(), name + ": " + answer.bodyText());
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), answer.bodyText());
        assertEquals("invalid_request_error", error.path("type").asText(), answer.bodyText());
        assertTrue(error.has("code"), "code is always present, null when there is none: " + answer.bodyText());
        assertEquals(code, error.path("code").asText(null), answer.bodyText());
        assertEquals(param, error.path("param").asText(null), answer.bodyText());
        assertEquals(ErrorAnswers.INVALID_REQUEST.equals(answer.headers().get("x-router-reason")), status == 400,
                "a 400 is the router's own refusal, before any target: " + answer.headers());
        assertFalse(answer.bodyText().contains("Exception"), "no stack trace or exception name: " + answer.bodyText());
        assertTrue(answer.bodyText().length() < 2000, "hostile input is not echoed back at length");
    }

    /**
     * Requests valid by OpenAI's contract, the tool and response-format fields included: each passes the
     * checks and is forwarded. The only cluster's port is closed, so a forwarded request fails there
     * (502), or is held back once the breaker has opened (503); neither is the 400 of a refusal.
     */
    static Stream<Arguments> validRequests() {
        String toolRound = "[" + USER + ",{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + CALL + "]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":[{\"type\":\"text\",\"text\":\"15 C\"}]}]";
        return Stream.of(
                arguments("function tools, tool_choice auto", chat("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"auto\"")),
                arguments("tool_choice required, no parallel calls",
                        chat("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":\"required\",\"parallel_tool_calls\":false")),
                arguments("a named function",
                        chat("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}")),
                arguments("tool_choice none and auto need no tools", chat("\"tool_choice\":\"none\"")),
                arguments("an empty tool list", chat("\"tools\":[],\"tool_choice\":\"auto\"")),
                arguments("a function with a description and strict",
                        chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"now\",\"description\":\"the time\",\"strict\":true}}]")),
                arguments("a custom tool, chosen by name",
                        chat("\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"grep\"}}],\"tool_choice\":{\"type\":\"custom\",\"custom\":{\"name\":\"grep\"}}")),
                arguments("allowed_tools",
                        chat("\"tools\":[" + WEATHER_TOOL + "],\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"auto\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}]}}")),
                arguments("a tool call and its result", messages(toolRound)),
                arguments("a custom tool call",
                        after("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"custom\",\"custom\":{\"name\":\"grep\",\"input\":\"x\"}}]}")),
                arguments("tool call arguments left blank",
                        after("{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"\"}}]}")),
                arguments("an assistant refusal in parts",
                        after("{\"role\":\"assistant\",\"content\":[{\"type\":\"refusal\",\"refusal\":\"I can't.\"}]}")),
                arguments("every user part type", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"see\"},"
                        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://x/a.png\",\"detail\":\"low\"}},"
                        + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAA=\",\"format\":\"wav\"}},"
                        + "{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]}]")),
                arguments("system and developer text parts, names",
                        messages("[{\"role\":\"system\",\"content\":[{\"type\":\"text\",\"text\":\"S\"}]},"
                        + "{\"role\":\"developer\",\"name\":\"ops\",\"content\":\"D\"}," + USER + "]")),
                arguments("response_format text", chat("\"response_format\":{\"type\":\"text\"}")),
                arguments("response_format json_object", chat("\"response_format\":{\"type\":\"json_object\"}")),
                arguments("response_format json_schema",
                        chat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"answer_1\",\"strict\":true,"
                        + "\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}}}}")),
                arguments("json_schema without a schema", chat("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"r\"}}")),
                arguments("seeds", chat("\"seed\":-9223372036854775808")),
                arguments("log probabilities and biases", chat("\"logprobs\":true,\"top_logprobs\":5,\"logit_bias\":{\"50256\":-100}")),
                arguments("modalities and reasoning effort", chat("\"modalities\":[\"text\"],\"reasoning_effort\":\"low\"")),
                arguments("the legacy functions API", "{\"model\":\"auto\",\"messages\":[" + USER + ","
                        + "{\"role\":\"assistant\",\"content\":null,\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\"}},"
                        + "{\"role\":\"function\",\"name\":\"f\",\"content\":\"42\"}],"
                        + "\"functions\":[{\"name\":\"f\",\"parameters\":{}}],\"function_call\":\"auto\"}"),
                arguments("optional fields set to null", chat("\"tools\":null,\"tool_choice\":null,\"seed\":null,\"response_format\":null,"
                        + "\"parallel_tool_calls\":null,\"stream_options\":{\"include_usage\":null}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validRequests")
    void aValidRequestIsNotRefused(String name, String body) throws Exception {
        HttpAnswer answer = gateway.handle(new HttpCall("POST", "/v1/chat/completions",
                Map.of("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8)));

        assertTrue(answer.status() == 502 || answer.status() == 503, name + ": " + answer.bodyText());
        String code = JSON.readTree(answer.body()).path("error").path("code").asText();
        assertTrue(code.equals("upstream_failed") || code.equals("no_healthy_target"), answer.bodyText());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownUrls")
    void unknownUrlsAndMethodsAre404(String method, String path) throws Exception {
        HttpAnswer answer = gateway.handle(new HttpCall(method, path, Map.of(), new byte[0]));
        assertEquals(404, answer.status());
        assertEquals("unknown_url", JSON.readTree(answer.body()).path("error").path("code").asText());
    }

    /** Bytes that are not UTF-8, at an offset inside an otherwise valid chat request. */
    static Stream<Arguments> badBytes() {
        return Stream.of(
                arguments("Latin-1 e-acute", new byte[] {(byte) 0xE9}),
                arguments("a lone continuation byte", new byte[] {(byte) 0x80}),
                arguments("a byte UTF-8 never uses", new byte[] {(byte) 0xFF}),
                arguments("an overlong form of '/'", new byte[] {(byte) 0xC0, (byte) 0xAF}),
                arguments("an encoded surrogate", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
                arguments("a code point past U+10FFFF", new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}),
                arguments("a sequence missing its last byte", new byte[] {(byte) 0xE2, (byte) 0x82, 'x'}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBytes")
    void aBodyThatIsNotUtf8Is400NamingTheOffsetWithoutEchoingTheBody(String name, byte[] bad) throws Exception {
        // Valid non-ASCII text before the bad bytes: the offset counts bytes, not characters.
        byte[] before = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"caf\u00e9 \u65e5\u672c secret-prompt "
                .getBytes(StandardCharsets.UTF_8);
        byte[] after = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] body = concat(before, bad, after);

        HttpAnswer answer = gateway.handle(new HttpCall("POST", "/v1/chat/completions",
                Map.of("content-type", "application/json"), body));

        assertEquals(400, answer.status(), answer.bodyText());
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals("invalid_encoding", error.path("code").asText());
        String message = error.path("message").asText();
        assertTrue(message.contains("not valid UTF-8") && message.contains("offset " + before.length), message);
        assertFalse(answer.bodyText().contains("secret-prompt"), "the body is not echoed: " + answer.bodyText());
    }

    @Test
    void aBodyThatEndsInTheMiddleOfASequenceIsRefusedAtThatSequence() throws Exception {
        byte[] body = concat(chat("").getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xF0, (byte) 0x9F});
        HttpAnswer answer = gateway.handle(new HttpCall("POST", "/v1/chat/completions", Map.of(), body));
        assertEquals(400, answer.status(), answer.bodyText());
        assertTrue(answer.bodyText().contains("offset " + (body.length - 2)), answer.bodyText());
    }

    @Test
    void textInUtf8BeyondAsciiIsAcceptedLikeAnyOther() {
        HttpAnswer ascii = chatWith("application/json", chat("").getBytes(StandardCharsets.UTF_8));
        HttpAnswer unicode = chatWith("application/json", messages("[{\"role\":\"user\",\"content\":"
                + "\"caf\u00e9, \u65e5\u672c\u8a9e, \ud83d\ude00, \u0645\u0631\u062d\u0628\u0627\"}]").getBytes(StandardCharsets.UTF_8));
        assertEquals(ascii.status(), unicode.status(), unicode.bodyText());
        assertEquals(ascii.headers().get("x-router-reason"), unicode.headers().get("x-router-reason"));
    }

    /** Content-Types a chat request may carry (null: none), and whether the router takes them as JSON. */
    static Stream<Arguments> contentTypes() {
        return Stream.of(
                arguments(null, true),
                arguments("", true),
                arguments("application/json", true),
                arguments("Application/JSON", true),
                arguments("application/json; charset=utf-8", true),
                arguments(" application/json ;charset=UTF-8", true),
                arguments("application/vnd.api+json", true),
                arguments("application/merge-patch+json; charset=utf-8", true),
                arguments("text/plain", false),
                arguments("application/x-www-form-urlencoded", false), // what curl -d sends without -H
                arguments("multipart/form-data; boundary=x", false),
                arguments("text/json", false),
                arguments("application/jsonl", false),
                arguments("application/+json", false),
                arguments("application/json/x", false),
                arguments("json", false));
    }

    @ParameterizedTest(name = "Content-Type [{0}]")
    @MethodSource("contentTypes")
    void aContentTypeOtherThanJsonIs415(String contentType, boolean json) throws Exception {
        HttpAnswer plain = chatWith("application/json", chat("").getBytes(StandardCharsets.UTF_8));
        HttpAnswer answer = chatWith(contentType, chat("").getBytes(StandardCharsets.UTF_8));

        if (json) {
            assertEquals(plain.status(), answer.status(), "taken as JSON: " + answer.bodyText());
            assertEquals(plain.headers().get("x-router-reason"), answer.headers().get("x-router-reason"));
            return;
        }
        assertEquals(415, answer.status(), answer.bodyText());
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals("unsupported_media_type", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("'Content-Type: application/json'"), answer.bodyText());
    }

    /** The endpoints that read a JSON body; explain is the admin's. */
    static Stream<Arguments> jsonEndpoints() {
        return Stream.of(arguments("/v1/chat/completions", chat("")),
                arguments("/v1/completions", "{\"model\":\"auto\",\"prompt\":\"Once\"}"),
                arguments("/v1/router/explain", chat("")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonEndpoints")
    void everyEndpointThatReadsJsonRefusesOtherMediaTypesAndBytesThatAreNotUtf8(String path, String body) throws Exception {
        Map<String, String> admin = Map.of("authorization", "Bearer " + ADMIN_KEY);
        HttpAnswer text = gateway.handle(new HttpCall("POST", path, with(admin, "content-type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(415, text.status(), text.bodyText());

        byte[] latin1 = body.replace("\"auto\"", "\"caf\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        HttpAnswer bytes = gateway.handle(new HttpCall("POST", path, with(admin, "content-type", "application/json"), latin1));
        assertEquals(400, bytes.status(), bytes.bodyText());
        assertEquals("invalid_encoding", JSON.readTree(bytes.body()).path("error").path("code").asText());
    }

    @Test
    void aGetIsNotJudgedByItsContentType() {
        HttpAnswer models = gateway.handle(new HttpCall("GET", "/v1/models", Map.of("content-type", "text/plain"),
                new byte[0]));
        assertEquals(200, models.status(), models.bodyText());
    }

    static HttpAnswer chatWith(String contentType, byte[] body) {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("content-type", contentType);
        return gateway.handle(new HttpCall("POST", "/v1/chat/completions", headers, body));
    }

    static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static Stream<Arguments> unknownUrls() {
        return Stream.of(arguments("GET", "/v1/chat/completions"), arguments("POST", "/v1/embeddings"),
                arguments("DELETE", "/health"), arguments("GET", "/../../etc/passwd"));
    }
}
