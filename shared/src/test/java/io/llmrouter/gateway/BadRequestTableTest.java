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
 * A body must be JSON by its Content-Type, when it has one, and UTF-8 by its bytes.
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

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("empty body", "", 400, null),
                arguments("whitespace body", "   ", 400, null),
                arguments("broken JSON", "{not json", 400, null),
                arguments("array root", "[]", 400, null),
                arguments("string root", "\"text\"", 400, null),
                arguments("null root", "null", 400, null),
                arguments("number root", "42", 400, null),
                arguments("missing model", "{" + OK_MESSAGES + "}", 400, "model"),
                arguments("model is a number", "{\"model\":7," + OK_MESSAGES + "}", 400, "model"),
                arguments("model is empty", "{\"model\":\"\"," + OK_MESSAGES + "}", 400, "model"),
                arguments("missing messages", "{\"model\":\"auto\"}", 400, "messages"),
                arguments("empty messages", messages("[]"), 400, "messages"),
                arguments("messages is a string", messages("\"hi\""), 400, "messages"),
                arguments("message is a number", messages("[1]"), 400, "messages[0]"),
                arguments("message without role", messages("[{\"content\":\"x\"}]"), 400, "messages[0].role"),
                arguments("unknown role", messages("[{\"role\":\"wizard\",\"content\":\"x\"}]"), 400, "messages[0].role"),
                arguments("user message without content", messages("[{\"role\":\"user\"}]"), 400, "messages[0].content"),
                arguments("content is a number", messages("[{\"role\":\"user\",\"content\":42}]"), 400, "messages[0].content"),
                arguments("text part without text", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]"), 400, "messages[0].content[0]"),
                arguments("unknown part type", messages("[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]"), 400, "messages[0].content[0]"),
                arguments("second message broken", messages("[{\"role\":\"user\",\"content\":\"a\"},{\"role\":7}]"), 400, "messages[1].role"),
                arguments("stream is a string", chat("\"stream\":\"yes\""), 400, "stream"),
                arguments("stream_options is a string", chat("\"stream_options\":\"x\""), 400, "stream_options"),
                arguments("include_usage is a string", chat("\"stream_options\":{\"include_usage\":\"y\"}"), 400, "stream_options"),
                arguments("max_tokens zero", chat("\"max_tokens\":0"), 400, "max_tokens"),
                arguments("max_tokens negative", chat("\"max_tokens\":-5"), 400, "max_tokens"),
                arguments("max_tokens fractional", chat("\"max_tokens\":1.5"), 400, "max_tokens"),
                arguments("max_tokens a string", chat("\"max_tokens\":\"10\""), 400, "max_tokens"),
                arguments("max_tokens huge", chat("\"max_tokens\":2000000"), 400, "max_tokens"),
                arguments("max_completion_tokens zero", chat("\"max_completion_tokens\":0"), 400, "max_completion_tokens"),
                arguments("temperature too high", chat("\"temperature\":3"), 400, "temperature"),
                arguments("temperature a string", chat("\"temperature\":\"hot\""), 400, "temperature"),
                arguments("top_p over 1", chat("\"top_p\":1.5"), 400, "top_p"),
                arguments("presence_penalty out of range", chat("\"presence_penalty\":-3"), 400, "presence_penalty"),
                arguments("several choices", chat("\"n\":2"), 400, "n"),
                arguments("stop of numbers", chat("\"stop\":[1,2]"), 400, "stop"),
                arguments("five stop sequences", chat("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"), 400, "stop"),
                arguments("user is a number", chat("\"user\":5"), 400, "user"),
                arguments("tools is an object", chat("\"tools\":{}"), 400, "tools"),
                arguments("duplicate keys", "{\"model\":\"auto\",\"model\":\"x\"," + OK_MESSAGES + "}", 400, null),
                arguments("nested 200 deep", "{\"model\":\"auto\"," + OK_MESSAGES + ",\"x\":" + "[".repeat(200) + "]".repeat(200) + "}", 400, null),
                arguments("data after the object", chat("") + " {}", 400, null),
                arguments("body over 6 MB", "{\"model\":\"auto\",\"pad\":\"" + "x".repeat(6 * 1024 * 1024) + "\"}", 413, null),
                arguments("unknown model", "{\"model\":\"no-such-model\"," + OK_MESSAGES + "}", 404, "model_not_found"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithItsStatusInOpenAisErrorShape(String name, String body, int status, String paramOrCode)
            throws Exception {
        HttpAnswer answer = gateway.handle(new HttpCall("POST", "/v1/chat/completions",
                Map.of("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8)));

        assertEquals(status, answer.status(), name + ": " + answer.bodyText());
        JsonNode error = JSON.readTree(answer.body()).path("error");
        assertTrue(error.path("message").isTextual() && !error.path("message").asText().isBlank(), answer.bodyText());
        assertTrue(error.path("type").isTextual(), answer.bodyText());
        assertTrue(error.has("code"), "code is always present, null when there is none: " + answer.bodyText());
        if (status == 400) {
            assertEquals("invalid_request_error", error.path("type").asText());
        }
        if (paramOrCode != null && status == 400) {
            assertEquals(paramOrCode, error.path("param").asText(), answer.bodyText());
        }
        if (status == 404) {
            assertEquals(paramOrCode, error.path("code").asText());
        }
        assertFalse(answer.bodyText().contains("Exception"), "no stack trace or exception name: " + answer.bodyText());
        assertTrue(answer.bodyText().length() < 2000, "hostile input is not echoed back at length");
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
