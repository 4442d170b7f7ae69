package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.keys.DynamoKeyStore;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.metrics.RequestLog;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.StdoutCapture;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.providers.ProviderStub;
import io.micronaut.context.ApplicationContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the route function tells CloudWatch about each request: one Embedded Metric Format document
 * (names, units and dimensions of docs/metrics.md), one more with its cost by team, and one JSON log line, with
 * savings against the configured baseline and no secret or prompt text anywhere.
 */
class ObservabilityTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PROVIDER_KEY = "sk-ant-SECRET-provider-key";
    static final String CLIENT_KEY = "rk-SECRET-client-key";
    static final String PROMPT = "Tell me the SECRET-PROMPT-TEXT plainly.";

    @TempDir
    Path dir;
    ProviderStub anthropic;
    RouteHandler handler;
    final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    AbstractAppender appender;

    @BeforeEach
    void deploy() throws Exception {
        anthropic = ProviderStub.anthropic(PROVIDER_KEY);
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        String keyHash = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(CLIENT_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                router: {routingStrategy: cost, savingsBaseline: openai/gpt-4o, hysteresis: {holdTime: 0s}}
                externalProviders:
                  - {name: anthropic, type: anthropic, apiKey: %s, baseUrl: "%s", defaultModel: claude-3-7-sonnet-20250219}
                  - {name: openai, type: openai, apiKey: sk-unused, defaultModel: gpt-4o, baseUrl: "http://127.0.0.1:9/v1"}
                auth: {clientKeys: [{name: team-a, sha256: %s}]}
                store: {tableName: %s}
                limits: {teams: {platform: {usd: 100, period: month, alarmAt: 0.9}}}
                """.formatted(PROVIDER_KEY, anthropic.baseUrl(), keyHash, table));
        DynamoRoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table));
        Instant now = Instant.now();
        store.putCost(new CostRecord("anthropic", "claude-3-7-sonnet-20250219", 0.0003, 0.0015, null, null, 200_000,
                CostBasis.PRICE_FEED, "test", now));
        store.putCost(new CostRecord("openai", "gpt-4o", 0.0025, 0.01, null, null, 128_000,
                CostBasis.PRICE_FEED, "test", now));
        handler = new RouteHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", config.toString(), "dynamodb.endpoint", dynamo.endpoint().toString(),
                "metrics.publish", true)));
        captureLogsInTheLambdaLayout();
    }

    /** The request log through the same JSON layout the functions use in Lambda (log4j2.xml). */
    void captureLogsInTheLambdaLayout() {
        var context = (org.apache.logging.log4j.core.LoggerContext) LogManager.getContext(false);
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(context.getConfiguration())
                .setEventTemplateUri("classpath:LambdaJsonLayout.json").build();
        appender = new AbstractAppender("capture", null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logLines.add(new String(layout.toByteArray(event), java.nio.charset.StandardCharsets.UTF_8));
            }
        };
        appender.start();
        ((Logger) LogManager.getLogger(RequestLog.class)).addAppender(appender);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LogManager.getLogger(RequestLog.class)).removeAppender(appender);
        handler.close();
        anthropic.close();
    }

    APIGatewayV2HTTPResponse chat(String authorization) {
        return chat(authorization, "");
    }

    /** @param parameters more of the request's body, after its messages: {@code ,"temperature":0} */
    APIGatewayV2HTTPResponse chat(String authorization, String parameters) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/api-chat-completion.json");
        event.setBody("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]"
                + parameters + "}");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("authorization", authorization);
        event.setHeaders(headers);
        return handler.handleRequest(event, new TestLambdaContext("route", Duration.ofSeconds(29)));
    }

    @Test
    void aRoutedRequestEmitsOneEmfDocumentWithCostSavingsAndTheContractsNamesAndUnits() throws Exception {
        var captured = StdoutCapture.run(() -> chat("Bearer " + CLIENT_KEY));
        APIGatewayV2HTTPResponse response = captured.result();
        assertEquals(200, response.getStatusCode(), response.getBody());

        assertEquals(2, captured.emfDocuments().size(), "the request's document and its team's");
        JsonNode emf = captured.emfDocuments().get(0);
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("LlmRouter", directive.path("Namespace").asText());
        assertEquals("[[\"Function\"],[\"Function\",\"Target\"]]", directive.path("Dimensions").toString());
        assertEquals("route", emf.path("Function").asText());
        assertEquals("anthropic", emf.path("Target").asText());
        Map<String, String> units = new HashMap<>();
        directive.path("Metrics").forEach(m -> units.put(m.path("Name").asText(), m.path("Unit").asText()));
        assertEquals(Map.ofEntries(Map.entry("Requests", "Count"), Map.entry("ClientErrors", "Count"),
                Map.entry("Errors", "Count"), Map.entry("Failovers", "Count"), Map.entry("BreakerOpens", "Count"),
                Map.entry("Latency", "Milliseconds"), Map.entry("UpstreamLatency", "Milliseconds"),
                Map.entry("RouterOverhead", "Milliseconds"), Map.entry("InputTokens", "Count"),
                Map.entry("OutputTokens", "Count"), Map.entry("CostUSD", "None"), Map.entry("SavingsUSD", "None")), units);
        assertEquals(1, emf.path("Requests").asInt());
        assertEquals(0, emf.path("Errors").asInt());
        assertEquals(2095, emf.path("InputTokens").asInt());
        assertEquals(503, emf.path("OutputTokens").asInt());
        double cost = 2095 * 0.0003 / 1000 + 503 * 0.0015 / 1000;
        double atBaseline = 2095 * 0.0025 / 1000 + 503 * 0.01 / 1000;
        assertEquals(cost, emf.path("CostUSD").asDouble(), 1e-9);
        assertEquals(atBaseline - cost, emf.path("SavingsUSD").asDouble(), 1e-9);
        assertEquals(atBaseline - cost, Double.parseDouble(response.getHeaders().get("x-router-savings-usd")), 1e-7);
        double latency = emf.path("Latency").asDouble();
        double upstream = emf.path("UpstreamLatency").asDouble();
        assertTrue(latency > 0 && upstream > 0 && upstream <= latency, emf.toString());
        assertEquals(latency - upstream, emf.path("RouterOverhead").asDouble(), 0.01);
        assertNoSecretIn(captured.stdout());

        JsonNode team = captured.emfDocuments().get(1);
        JsonNode teamDirective = team.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("[[\"Function\",\"Team\"]]", teamDirective.path("Dimensions").toString());
        assertEquals("none", team.path("Team").asText(), "a configured client key has no team");
        Map<String, String> teamUnits = new HashMap<>();
        teamDirective.path("Metrics").forEach(m -> teamUnits.put(m.path("Name").asText(), m.path("Unit").asText()));
        assertEquals(Map.of("Requests", "Count", "InputTokens", "Count", "OutputTokens", "Count", "CostUSD", "None"),
                teamUnits);
        assertEquals(1, team.path("Requests").asInt());
        assertEquals(cost, team.path("CostUSD").asDouble(), 1e-9);
        assertEquals(2095, team.path("InputTokens").asInt());
        assertFalse(team.has("Target"), "targets are the other document's dimension");
        assertFalse(team.has("TeamBudgetSpent"), "no team, no team budget");
    }

    @Test
    void aStoredKeysRequestsCountInItsTeam() {
        String secret = KeySecrets.newSecret();
        String hash = KeySecrets.sha256Hex(secret);
        new DynamoKeyStore(dynamo.client(), StoreSettings.defaults().withTable(dynamo.tableName())).create(new ApiKey(
                KeySecrets.idOf(secret), hash, "ci", "platform", Map.of(), List.of(), List.of(), null, null, null,
                Instant.now(), null));

        var captured = StdoutCapture.run(() -> chat("Bearer " + secret));
        assertEquals(200, captured.result().getStatusCode(), captured.result().getBody());

        JsonNode team = captured.emfDocuments().get(1);
        assertEquals("platform", team.path("Team").asText());
        assertTrue(team.path("CostUSD").asDouble() > 0);
        // The team's budget is $100 a month: one request has committed a sliver of it, its reservation at most.
        double spent = team.path("TeamBudgetSpent").asDouble(-1);
        assertTrue(spent > 0 && spent < 0.01, "TeamBudgetSpent " + spent);
        assertFalse(captured.stdout().contains(secret) || captured.stdout().contains(hash), "no key secret or hash");
    }

    @Test
    void everyRoutedRequestIsLoggedAsOneJsonLineWithoutPromptOrKeys() throws Exception {
        chat("Bearer " + CLIENT_KEY);

        assertEquals(1, logLines.size(), logLines.toString());
        JsonNode line = JSON.readTree(logLines.get(0));
        assertEquals("request", line.path("message").asText());
        assertEquals("anthropic", line.path("target").asText());
        assertEquals("200", line.path("status").asText());
        assertEquals("1", line.path("attempts").asText());
        assertEquals("2095", line.path("promptTokens").asText());
        assertEquals("503", line.path("completionTokens").asText());
        assertTrue(line.path("reason").asText().length() > 0, line.toString());
        assertTrue(line.path("costUsd").asDouble() > 0 && line.path("savingsUsd").asDouble() > 0, line.toString());
        assertTrue(line.path("latencyMs").asDouble() > 0, line.toString());
        assertNoSecretIn(logLines.get(0));
    }

    @Test
    void aRefusedRequestCountsAsAClientErrorWithNoTarget() {
        var captured = StdoutCapture.run(() -> chat("Bearer wrong-key"));
        assertEquals(401, captured.result().getStatusCode());

        JsonNode emf = captured.emfDocuments().get(0);
        assertEquals("none", emf.path("Target").asText());
        assertEquals(1, emf.path("ClientErrors").asInt());
        assertFalse(emf.has("CostUSD"), "no cost without an answer");
        assertTrue(anthropic.received().isEmpty());
        assertNoSecretIn(captured.stdout());
    }

    @Test
    void cacheHitsAndMissesAreCountedWithWhatTheHitsSavedInEmfAndTheRequestLog() throws Exception {
        var miss = StdoutCapture.run(() -> chat("Bearer " + CLIENT_KEY, ",\"temperature\":0"));
        assertEquals("miss", miss.result().getHeaders().get("x-router-cache"));
        JsonNode missed = miss.emfDocuments().get(0);
        assertEquals(0, missed.path("CacheHits").asInt(-1));
        assertEquals(1, missed.path("CacheMisses").asInt(-1));
        assertFalse(missed.has("CacheSavedUSD"));
        double cost = missed.path("CostUSD").asDouble();

        var hit = StdoutCapture.run(() -> chat("Bearer " + CLIENT_KEY, ",\"temperature\":0"));
        assertEquals("hit", hit.result().getHeaders().get("x-router-cache"));
        JsonNode emf = hit.emfDocuments().get(0);
        Map<String, String> units = new HashMap<>();
        emf.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics")
                .forEach(m -> units.put(m.path("Name").asText(), m.path("Unit").asText()));
        assertEquals("Count", units.get("CacheHits"));
        assertEquals("None", units.get("CacheSavedUSD"));
        assertEquals(1, emf.path("CacheHits").asInt());
        assertEquals(0, emf.path("CacheMisses").asInt());
        assertEquals(cost, emf.path("CacheSavedUSD").asDouble(), 1e-9, "a hit saves what the answer first cost");
        assertEquals(0.0, emf.path("CostUSD").asDouble(-1));
        assertEquals("hit", emf.path("cache").asText());
        assertEquals(1, anthropic.received().size(), "the hit asked no target");

        JsonNode line = JSON.readTree(logLines.get(logLines.size() - 1));
        assertEquals("hit", line.path("cache").asText());
        assertEquals(cost, line.path("savingsUsd").asDouble(), 1e-8);
        assertNoSecretIn(hit.stdout());

        var bypass = StdoutCapture.run(() -> chat("Bearer " + CLIENT_KEY));
        assertEquals("bypass", bypass.result().getHeaders().get("x-router-cache"));
        assertFalse(bypass.emfDocuments().get(0).has("CacheHits"), "a bypass is neither a hit nor a miss");
    }

    static void assertNoSecretIn(String output) {
        for (String secret : List.of(PROVIDER_KEY, CLIENT_KEY, "SECRET-PROMPT-TEXT", "wrong-key")) {
            assertFalse(output.contains(secret), "'" + secret + "' leaked into: " + output);
        }
    }
}
