package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.health.Fixtures;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import io.llmrouter.testing.providers.ProviderStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code router.dropUnsupportedParams} end to end, with the testkit's Anthropic stand-in and a loopback
 * llama.cpp cluster: Anthropic's Messages API no longer takes {@code temperature}. With the setting on, the
 * request goes without it and the answer says so in {@code x-router-dropped-params}, buffered and streamed;
 * with it off, Anthropic refuses the request, which is a 400 naming the parameter and the target when no
 * other candidate takes it, while a cluster beside it still answers.
 */
class DroppedParamsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLIENT_KEY = "sk-dropped-params-0123456789";
    static final String ADMIN_KEY = "admin-secret";

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static ProviderStub anthropic;
    static LoopbackLlamaServer cluster;
    static RouterGateway dropping;
    static RouterGateway strict;

    @BeforeAll
    static void deploy() {
        anthropic = ProviderStub.anthropic("sk-ant");
        String stream = Fixtures.llamaServer("chat-completion-stream.txt");
        cluster = LoopbackLlamaServer.http().on("/v1/chat/completions", exchange -> {
            String body = AnswerHeadersTableTest.bodyOf(exchange);
            return body.contains("\"stream\":true")
                    ? new LoopbackLlamaServer.Reply(200, Map.of("Content-Type", "text/event-stream"), stream)
                    : new LoopbackLlamaServer.Reply(200, LoopbackLlamaServer.JSON,
                            Fixtures.llamaServer("chat-completion.json"));
        });
        String table = dynamo.newTableName("dropped-params");
        dropping = gateway(true, table);
        strict = gateway(false, table);
    }

    /** Anthropic is the cheaper target, so the cost strategy tries it first for {@code auto}. */
    static RouterGateway gateway(boolean drop, String table) {
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {routingStrategy: cost, dropUnsupportedParams: %s, adminKey: %s}
                clusters:
                  - {name: gpu, endpoint: "%s", costPerHour: 0.09, models: [tiny]}
                externalProviders:
                  - {name: anthropic, type: anthropic, apiKey: sk-ant, baseUrl: "%s", defaultModel: claude-x}
                auth:
                  clientKeys: [{name: team, sha256: %s}]
                store: {tableName: %s}
                """.formatted(drop, ADMIN_KEY, cluster.endpoint(), anthropic.baseUrl(),
                KeySecrets.sha256Hex(CLIENT_KEY), table), Map.of());
        Instant now = Instant.now();
        StateTable.createIfMissing(dynamo.client(), table);
        RoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), config.store());
        store.putHealth(new HealthRecord("gpu", true, "ok", now, 3L, 15.0, 100.0, null, null, 0, 0, 0, 2, 4096,
                List.of(), "boot-1"));
        store.putCost(new CostRecord("gpu", CostRecord.ANY_MODEL, 0.5, 0.5, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
        store.putCost(new CostRecord("anthropic", "claude-x", 0.003, 0.015, null, null, 200_000, CostBasis.PRICE_FEED,
                "test", now));
        return RouterGateway.assemble(config, store, ForwardSettings.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        anthropic.close();
        cluster.close();
    }

    static HttpCall post(String model, String more) {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]" + more + "}";
        return new HttpCall("POST", "/v1/chat/completions",
                Map.of("content-type", "application/json", "authorization", "Bearer " + CLIENT_KEY),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anAnthropicAnswerNamesTheDroppedParameter() throws Exception {
        HttpAnswer answer = dropping.handle(post("claude-x", ",\"temperature\":0.2"));

        assertEquals(200, answer.status(), answer.bodyText());
        assertEquals("anthropic", answer.headers().get("x-router-target"));
        assertEquals("temperature", answer.headers().get("x-router-dropped-params"));
        JsonNode sent = anthropic.last().body();
        assertFalse(sent.has("temperature"), "temperature is not sent: " + sent);
    }

    @Test
    void aStreamedAnthropicAnswerNamesItInItsHead() {
        AnswerHeadersTableTest.RecordingAnswerSink sink = new AnswerHeadersTableTest.RecordingAnswerSink();
        dropping.handle(post("claude-x", ",\"temperature\":0.2,\"stream\":true"), sink);

        assertEquals(200, sink.status, sink.bodyText());
        assertEquals("text/event-stream", sink.headers.get("content-type"));
        assertEquals("temperature", sink.headers.get("x-router-dropped-params"));
        assertTrue(sink.bodyText().contains("data: [DONE]"), sink.bodyText());
    }

    @Test
    void withoutTemperatureNothingIsNamed() throws Exception {
        HttpAnswer answer = dropping.handle(post("claude-x", ""));

        assertEquals(200, answer.status(), answer.bodyText());
        assertFalse(answer.headers().containsKey("x-router-dropped-params"), answer.headers().toString());
    }

    @Test
    void withTheSettingOffAnthropicAloneRefusesIt() throws Exception {
        int sentBefore = anthropic.received().size();
        HttpAnswer answer = strict.handle(post("claude-x", ",\"temperature\":0.2"));

        assertEquals(400, answer.status(), answer.bodyText());
        JsonNode error = JSON.readTree(answer.body()).path("error");
        String message = error.path("message").asText();
        assertTrue(message.contains("temperature") && message.contains("anthropic"), message);
        assertEquals("temperature", error.path("param").asText(), answer.bodyText());
        assertEquals(sentBefore, anthropic.received().size(), "nothing is sent to Anthropic");
    }

    @Test
    void withTheSettingOffAClusterBesideAnthropicStillAnswers() throws Exception {
        String more = ",\"temperature\":0.2";
        JsonNode explained = JSON.readTree(strict.handle(new HttpCall("POST", "/v1/router/explain",
                ADMIN, post("auto", more).body())).body());
        JsonNode droppingExplained = JSON.readTree(dropping.handle(new HttpCall("POST", "/v1/router/explain",
                ADMIN, post("auto", more).body())).body());
        assertEquals(targets(droppingExplained), targets(explained), "the candidate list does not change");

        HttpAnswer answer = strict.handle(post("auto", more));

        assertEquals(200, answer.status(), answer.bodyText());
        assertEquals("gpu", answer.headers().get("x-router-target"), answer.headers().toString());
        assertFalse(answer.headers().containsKey("x-router-dropped-params"), answer.headers().toString());
    }

    static final Map<String, String> ADMIN = Map.of("content-type", "application/json",
            "authorization", "Bearer " + ADMIN_KEY);

    static List<String> targets(JsonNode explained) {
        List<String> targets = new java.util.ArrayList<>();
        explained.path("candidates").forEach(c -> targets.add(c.path("target").asText()));
        assertEquals(List.of("anthropic", "gpu"), targets, explained.toString());
        return targets;
    }
}
