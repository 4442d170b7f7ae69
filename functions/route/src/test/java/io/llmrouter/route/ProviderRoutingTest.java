package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.providers.ProviderStub;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route function forwarding to providers in their own wire formats: Anthropic's Messages API and
 * Gemini's generateContent, answered by loopback stubs that speak the documented payloads. Clients see
 * only OpenAI's format.
 */
class ProviderRoutingTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ANTHROPIC_KEY = "sk-ant-test-key";
    static final String GEMINI_KEY = "gemini-test-key";

    @TempDir
    Path dir;
    ProviderStub anthropic;
    ProviderStub gemini;
    RouteHandler handler;

    @BeforeEach
    void deploy() throws Exception {
        anthropic = ProviderStub.anthropic(ANTHROPIC_KEY);
        gemini = ProviderStub.gemini(GEMINI_KEY);
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        // Keys come from the environment in production (${ANTHROPIC_API_KEY}); written here to keep the test self-contained.
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                router: {routingStrategy: cost, hysteresis: {margin: 0.1, holdTime: 0s}}
                externalProviders:
                  - {name: anthropic, type: anthropic, apiKey: %s, baseUrl: "%s", defaultModel: claude-3-7-sonnet-20250219}
                  - {name: gemini, type: gemini, apiKey: %s, baseUrl: "%s", defaultModel: gemini-2.5-flash}
                store: {tableName: %s, snapshotRefresh: 1s}
                """.formatted(ANTHROPIC_KEY, anthropic.baseUrl(), GEMINI_KEY, gemini.baseUrl(), table));
        DynamoRoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table));
        Instant now = Instant.now();
        // Anthropic is made the cheaper one, so it goes first and Gemini is the fallback.
        store.putCost(new CostRecord("anthropic", "claude-3-7-sonnet-20250219", 0.0001, 0.0002, null, null, 200_000,
                CostBasis.PRICE_FEED, "test", now));
        store.putCost(new CostRecord("gemini", "gemini-2.5-flash", 0.0003, 0.0025, null, null, 1_000_000,
                CostBasis.PRICE_FEED, "test", now));
        handler = new RouteHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", config.toString(),
                "dynamodb.endpoint", dynamo.endpoint().toString(),
                "forward.headers-timeout", "2s",
                "forward.total-budget", "5s")));
    }

    @AfterEach
    void tearDown() {
        handler.close();
        anthropic.close();
        gemini.close();
    }

    APIGatewayV2HTTPResponse invoke(String eventFile, String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + eventFile);
        if (body != null) {
            event.setBody(body);
        }
        return handler.handleRequest(event, new TestLambdaContext("route", Duration.ofSeconds(29)));
    }

    @Test
    void aChatCompletionGoesToAnthropicInItsFormatAndComesBackInOpenAis() throws Exception {
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion.json", """
                {"model":"auto","max_tokens":600,"messages":[
                  {"role":"system","content":"You are terse."},
                  {"role":"user","content":"Who are you?"}]}""");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("anthropic", response.getHeaders().get("x-router-target"));
        JsonNode body = JSON.readTree(response.getBody());
        assertEquals("chat.completion", body.path("object").asText());
        assertEquals("Hi! My name is Claude.", body.path("choices").get(0).path("message").path("content").asText());
        assertEquals("stop", body.path("choices").get(0).path("finish_reason").asText());
        assertEquals(2095, body.path("usage").path("prompt_tokens").asInt());
        assertEquals(503, body.path("usage").path("completion_tokens").asInt());
        // The actual cost comes from the provider's reported usage and the cost record.
        double expected = 2095 * 0.0001 / 1000 + 503 * 0.0002 / 1000;
        assertEquals(expected, Double.parseDouble(response.getHeaders().get("x-router-cost-usd")), 1e-9);

        ProviderStub.Received sent = anthropic.last();
        assertEquals(ANTHROPIC_KEY, sent.header("x-api-key"));
        assertEquals("2023-06-01", sent.header("anthropic-version"));
        assertEquals("claude-3-7-sonnet-20250219", sent.body().path("model").asText());
        assertEquals("You are terse.", sent.body().path("system").asText(), "the system prompt moves to system");
        assertEquals(1, sent.body().path("messages").size());
        assertEquals(600, sent.body().path("max_tokens").asInt());
        assertNull(sent.header("authorization"), "the client's credentials never go upstream");
        assertTrue(gemini.received().isEmpty());
    }

    @Test
    void anAnthropicStreamIsRelayedAsOpenAiChunksWithUsage() throws Exception {
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion-stream.json", null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/event-stream", response.getHeaders().get("content-type"));
        List<JsonNode> chunks = chunks(response.getBody());
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.path("choices").path(0).path("delta").path("content").asText("")));
        assertEquals("Hello!", text.toString());
        assertTrue(chunks.stream().allMatch(c -> c.path("object").asText().equals("chat.completion.chunk")));
        assertTrue(chunks.stream().anyMatch(c -> "stop".equals(c.path("choices").path(0).path("finish_reason").asText())));
        JsonNode usage = chunks.get(chunks.size() - 1).path("usage");
        assertEquals(25, usage.path("prompt_tokens").asInt());
        assertEquals(15, usage.path("completion_tokens").asInt());
        assertTrue(response.getBody().endsWith("data: [DONE]\n\n"));
        assertTrue(anthropic.last().body().path("stream").asBoolean());
        double expected = 25 * 0.0001 / 1000 + 15 * 0.0002 / 1000;
        assertEquals(expected, Double.parseDouble(response.getHeaders().get("x-router-cost-usd")), 1e-9);
    }

    @Test
    void anOverloadedAnthropicFailsOverToGeminiWhichAnswersInOpenAisFormat() throws Exception {
        anthropic.answer(529, "wire/anthropic/error-overloaded.json");
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion.json", null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("gemini", response.getHeaders().get("x-router-target"));
        assertEquals("2", response.getHeaders().get("x-router-attempts"));
        JsonNode body = JSON.readTree(response.getBody());
        assertTrue(body.path("choices").get(0).path("message").path("content").asText().contains("Mountain View"));
        assertEquals(7, body.path("usage").path("prompt_tokens").asInt());
        assertEquals(22, body.path("usage").path("completion_tokens").asInt());

        ProviderStub.Received sent = gemini.last();
        assertEquals("/v1beta/models/gemini-2.5-flash:generateContent", sent.path());
        assertEquals(GEMINI_KEY, sent.header("x-goog-api-key"));
        assertEquals("user", sent.body().path("contents").get(0).path("role").asText());
    }

    @Test
    void anOverloadedStreamFailsOverBeforeItsFirstByteToAGeminiStream() throws Exception {
        anthropic.refuseStreams(529, "wire/anthropic/error-overloaded.json");
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion-stream.json", null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("gemini", response.getHeaders().get("x-router-target"));
        assertEquals("2", response.getHeaders().get("x-router-attempts"));
        ProviderStub.Received sent = gemini.last();
        assertEquals("/v1beta/models/gemini-2.5-flash:streamGenerateContent", sent.path());
        assertEquals("alt=sse", sent.query());
        List<JsonNode> chunks = chunks(response.getBody());
        StringBuilder text = new StringBuilder();
        chunks.forEach(c -> text.append(c.path("choices").path(0).path("delta").path("content").asText("")));
        assertEquals("The capital of Wyoming is **Cheyenne**.\n", text.toString());
        assertEquals(17, chunks.get(chunks.size() - 1).path("usage").path("total_tokens").asInt());
        assertTrue(response.getBody().endsWith("data: [DONE]\n\n"));
    }

    @Test
    void anErrorInsideAStartedStreamEndsItWithTheProvidersErrorAndNoDone() throws Exception {
        anthropic.stream("wire/anthropic/stream-error.txt");
        APIGatewayV2HTTPResponse response = invoke("api-chat-completion-stream.json", null);

        assertEquals("anthropic", response.getHeaders().get("x-router-target"), "no failover once a chunk was relayed");
        List<String> data = response.getBody().lines().filter(l -> l.startsWith("data: ")).toList();
        JsonNode last = JSON.readTree(data.get(data.size() - 1).substring(6));
        assertEquals("Overloaded", last.path("error").path("message").asText());
        assertFalse(response.getBody().contains("[DONE]"), "never a clean-looking end");
        assertTrue(gemini.received().isEmpty());
    }

    @Test
    void aProviderThatAnswersGarbageIsFailedOverAndAClientErrorIsNot() throws Exception {
        anthropic.answer(200, "wire/README.md");
        APIGatewayV2HTTPResponse garbage = invoke("api-chat-completion.json", null);
        assertEquals(200, garbage.getStatusCode(), garbage.getBody());
        assertEquals("gemini", garbage.getHeaders().get("x-router-target"));

        anthropic.answer(404, "wire/anthropic/error-not-found.json");
        APIGatewayV2HTTPResponse notFound = invoke("api-chat-completion.json", null);
        assertEquals(404, notFound.getStatusCode());
        assertEquals("anthropic", notFound.getHeaders().get("x-router-target"));
        JsonNode error = JSON.readTree(notFound.getBody()).path("error");
        assertEquals("not_found_error", error.path("type").asText(), "Anthropic's own error type is kept");
        assertTrue(error.path("message").asText().length() > 0, error.toString());
    }

    @Test
    void legacyCompletionsHaveNoProviderTargetHereAndSaySo() throws Exception {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-chat-completion.json");
        event.setRawPath("/v1/completions");
        event.getRequestContext().getHttp().setPath("/v1/completions");
        event.setBody("{\"model\":\"auto\",\"prompt\":\"Once upon a time\"}");
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, new TestLambdaContext("route", Duration.ofSeconds(29)));

        assertEquals(400, response.getStatusCode(), response.getBody());
        JsonNode error = JSON.readTree(response.getBody()).path("error");
        assertEquals("unsupported_by_targets", error.path("code").asText());
        assertTrue(error.path("message").asText().contains("legacy completions"), error.toString());
        assertTrue(anthropic.received().isEmpty() && gemini.received().isEmpty());
    }

    @Test
    void openAiIsForwardedAsItIsStreamingAndNot() throws Exception {
        try (ProviderStub openAi = ProviderStub.openAi("sk-openai-test")) {
            Path config = Files.writeString(dir.resolve("openai.yaml"), """
                    router: {routingStrategy: cost}
                    externalProviders:
                      - {name: openai, type: openai, apiKey: sk-openai-test, baseUrl: "%s", defaultModel: gpt-4o-mini}
                    store: {tableName: %s}
                    """.formatted(openAi.baseUrl(), dynamo.tableName()));
            DynamoRoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(),
                    StoreSettings.defaults().withTable(dynamo.tableName()));
            store.putCost(new CostRecord("openai", "gpt-4o-mini", 0.00015, 0.0006, null, null, 128_000,
                    CostBasis.PRICE_FEED, "test", Instant.now()));
            try (RouteHandler openAiOnly = new RouteHandler(ApplicationContext.builder().properties(Map.of(
                    "router.config", config.toString(), "dynamodb.endpoint", dynamo.endpoint().toString())))) {
                APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-chat-completion.json");
                APIGatewayV2HTTPResponse response = openAiOnly.handleRequest(event, new TestLambdaContext("route", Duration.ofSeconds(29)));
                assertEquals(200, response.getStatusCode(), response.getBody());
                assertEquals("openai", response.getHeaders().get("x-router-target"));
                JsonNode body = JSON.readTree(response.getBody());
                assertEquals("chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", body.path("id").asText(), "OpenAI's answer, as it is");
                assertEquals("Bearer sk-openai-test", openAi.last().header("authorization"));
                assertEquals("gpt-4o-mini", openAi.last().body().path("model").asText());

                APIGatewayV2HTTPEvent streamEvent = EventLoader.loadApiGatewayHttpEvent("events/api-chat-completion-stream.json");
                APIGatewayV2HTTPResponse stream = openAiOnly.handleRequest(streamEvent, new TestLambdaContext("route", Duration.ofSeconds(29)));
                assertEquals(200, stream.getStatusCode(), stream.getBody());
                assertTrue(stream.getBody().endsWith("data: [DONE]\n\n"), stream.getBody());
                List<JsonNode> chunks = chunks(stream.getBody());
                assertTrue(chunks.get(chunks.size() - 1).path("usage").path("total_tokens").asInt() > 0, stream.getBody());
                assertTrue(openAi.last().body().path("stream_options").path("include_usage").asBoolean());
                assertTrue(stream.getHeaders().containsKey("x-router-cost-usd"));
            }
        }
    }

    static List<JsonNode> chunks(String sse) {
        return sse.lines().filter(l -> l.startsWith("data: {")).map(l -> {
            try {
                return JSON.readTree(l.substring(6));
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
    }
}
