package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.cache.AnswerStore;
import io.llmrouter.cache.CachedAnswer;
import io.llmrouter.cache.DynamoAnswerStore;
import io.llmrouter.cache.ResponseCache;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.health.Fixtures;
import io.llmrouter.keys.DynamoKeyStore;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.limits.DynamoLimitStore;
import io.llmrouter.metrics.RequestLog;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.spend.SpendRollup;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The response cache through the gateway: which requests it serves, per key, what a hit answers (cost 0, the
 * original cost saved, as a stream when asked), that memory serves a hot prompt without DynamoDB, and that a
 * broken cache only misses.
 */
class ResponseCacheGatewayTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALICE = "sk-alice-0123456789";
    static final String BOB = "sk-bob-0123456789";
    static final String ADMIN = "Bearer admin-secret";
    /** Young by the wall clock, and early in a minute: DynamoDB Local deletes items whose TTL has passed. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1);
    static final String QUESTION = "{\"model\":\"tiny\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
            + "\"max_tokens\":20,\"temperature\":0";

    static final String TEXT_COMPLETION = "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1790000000,"
            + "\"model\":\"tiny\",\"choices\":[{\"text\":\" upon a time\",\"index\":0,\"logprobs\":null,"
            + "\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":4,\"total_tokens\":6}}";

    private final MutableClock clock = new MutableClock(T0);
    private final ApiCallCounter cacheCalls = new ApiCallCounter();
    private final List<RequestOutcome> observed = new CopyOnWriteArrayList<>();
    private LoopbackLlamaServer upstream;
    private RouterConfig config;
    private DynamoRoutingStateStore store;
    private RouterGateway gateway;

    @BeforeEach
    void deploy() {
        upstream = LoopbackLlamaServer.http().on("/v1/chat/completions", exchange -> new LoopbackLlamaServer.Reply(
                200, LoopbackLlamaServer.JSON, Fixtures.llamaServer("chat-completion.json")))
                .on("/v1/completions", exchange -> new LoopbackLlamaServer.Reply(200, LoopbackLlamaServer.JSON,
                        TEXT_COMPLETION));
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        config = ConfigLoader.fromYaml("""
                router: {adminKey: admin-secret}
                clusters:
                  - {name: local, endpoint: "%s", costPerHour: 0.09, models: [tiny]}
                externalProviders:
                  - {name: elsewhere, type: openai, enabled: false, apiKey: sk-x, defaultModel: tiny, models: [tiny]}
                store: {tableName: %s}
                auth:
                  clientKeys:
                    - {name: alice, sha256: %s}
                    - {name: bob, sha256: %s}
                cache:
                  keys: {bob: always}
                """.formatted(upstream.endpoint(), dynamo.tableName(), KeySecrets.sha256Hex(ALICE),
                KeySecrets.sha256Hex(BOB)), Map.of());
        store = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
        store.putHealth(new HealthRecord("local", true, "ok", T0, 3L, 15.0, 100.0, null, null, 0, 0, 0, 2, 512,
                List.of("tiny"), "m"));
        store.putCost(new CostRecord("local", CostRecord.ANY_MODEL, 0.002, 0.002, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", T0));
        gateway = gatewayWithItsOwnMemory();
    }

    /** A gateway as another instance would be: the same table, an empty memory. */
    RouterGateway gatewayWithItsOwnMemory() {
        DynamoAnswerStore answers = new DynamoAnswerStore(dynamo.newClient(cacheCalls), config.store());
        return RouterGateway.assemble(config, store, new DynamoKeyStore(dynamo.client(), config.store()),
                        new DynamoLimitStore(dynamo.client(), config.store()), (SpendRollup) null,
                        ForwardSettings.defaults(), clock, observed::add, SnapshotCacheListener.NONE)
                .withResponseCache(new ResponseCache(config, answers, clock));
    }

    @AfterEach
    void stop() {
        upstream.close();
    }

    HttpAnswer chat(RouterGateway via, String key, String body, String... headers) {
        Map<String, String> all = new HashMap<>();
        all.put("Authorization", "Bearer " + key);
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        return via.handle(new HttpCall("POST", "/v1/chat/completions", all, body.getBytes(StandardCharsets.UTF_8)));
    }

    HttpAnswer chat(String key, String body, String... headers) {
        return chat(gateway, key, body, headers);
    }

    int upstreamCalls() {
        return (int) upstream.requestedPaths().stream().filter(p -> p.equals("/v1/chat/completions")).count();
    }

    @Test
    void aRepeatedTemperatureZeroRequestIsAHitThatCostsNothingAndSavesTheOriginalCost() {
        HttpAnswer miss = chat(ALICE, QUESTION + "}");
        assertEquals(200, miss.status(), miss.bodyText());
        assertEquals("miss", miss.headers().get("x-router-cache"));
        String originalCost = miss.headers().get("x-router-cost-usd");
        assertTrue(Double.parseDouble(originalCost) > 0, originalCost);

        HttpAnswer hit = chat(ALICE, QUESTION + "}");
        assertEquals(200, hit.status());
        assertEquals("hit", hit.headers().get("x-router-cache"));
        assertEquals("0.00000000", hit.headers().get("x-router-cost-usd"));
        assertEquals(originalCost, hit.headers().get("x-router-savings-usd"));
        assertEquals("local", hit.headers().get("x-router-target"), "the target that made the answer");
        assertEquals("0", hit.headers().get("x-router-attempts"));
        assertEquals("application/json", hit.headers().get("content-type"));
        assertArrayEquals(miss.body(), hit.body());
        assertEquals(1, upstreamCalls());

        RequestOutcome logged = observed.get(observed.size() - 1);
        assertTrue(logged.cacheHit());
        assertEquals(0.0, logged.costUsd());
        assertEquals(Double.parseDouble(originalCost), logged.savingsUsd(), 1e-12);
        assertEquals("hit", RequestLog.fields(logged).get("cache"));
        assertEquals("miss", RequestLog.fields(observed.get(0)).get("cache"));
    }

    @Test
    void aHotPromptIsServedFromMemoryWithoutADynamoDbRead() {
        chat(ALICE, QUESTION + "}");
        cacheCalls.reset();

        assertEquals("hit", chat(ALICE, QUESTION + "}").headers().get("x-router-cache"));
        assertEquals(0, cacheCalls.total(), "served from this instance's memory");

        RouterGateway otherInstance = gatewayWithItsOwnMemory();
        assertEquals("hit", chat(otherInstance, ALICE, QUESTION + "}").headers().get("x-router-cache"));
        assertEquals(1, cacheCalls.count("GetItem"), "another instance reads DynamoDB once");
        assertEquals("hit", chat(otherInstance, ALICE, QUESTION + "}").headers().get("x-router-cache"));
        assertEquals(1, cacheCalls.count("GetItem"), "then remembers");
        assertEquals(1, upstreamCalls());
    }

    @Test
    void eachKeyHasItsOwnCache() throws Exception {
        chat(ALICE, QUESTION + "}");
        assertEquals("hit", chat(ALICE, QUESTION + "}").headers().get("x-router-cache"));

        assertEquals("miss", chat(BOB, QUESTION + "}").headers().get("x-router-cache"));
        HttpAnswer created = StoredKeyAuthTest.call(gateway, "POST", "/v1/router/keys", ADMIN, "{\"name\":\"ci\"}");
        String stored = JSON.readTree(created.body()).path("secret").asText();
        assertEquals("miss", chat(stored, QUESTION + "}").headers().get("x-router-cache"));
        assertEquals("hit", chat(stored, QUESTION + "}").headers().get("x-router-cache"));
        assertEquals(3, upstreamCalls());
    }

    @Test
    void onlyTemperatureZeroIsCachedUnlessTheRequestOrItsKeySaysOtherwise() {
        String warm = QUESTION.replace("\"temperature\":0", "\"temperature\":0.7") + "}";
        assertEquals("bypass", chat(ALICE, warm).headers().get("x-router-cache"));
        assertEquals("bypass", chat(ALICE, warm).headers().get("x-router-cache"));
        String unset = QUESTION.replace(",\"temperature\":0", "") + "}";
        assertEquals("bypass", chat(ALICE, unset).headers().get("x-router-cache"), "absent: the provider's default, 1");
        assertEquals(3, upstreamCalls());

        assertEquals("miss", chat(ALICE, warm, "x-router-cache", "on").headers().get("x-router-cache"));
        assertEquals("hit", chat(ALICE, warm, "X-Router-Cache", "on").headers().get("x-router-cache"));
        assertEquals("bypass", chat(ALICE, warm).headers().get("x-router-cache"), "no opt-in, no cache");

        assertEquals("miss", chat(BOB, warm).headers().get("x-router-cache"), "bob's mode is always");
        assertEquals("hit", chat(BOB, warm).headers().get("x-router-cache"));
    }

    @Test
    void theRequestMayOptOut() {
        chat(ALICE, QUESTION + "}");
        int before = upstreamCalls();

        HttpAnswer off = chat(ALICE, QUESTION + "}", "x-router-cache", "off");
        assertEquals("bypass", off.headers().get("x-router-cache"));
        assertFalse(off.headers().get("x-router-cost-usd").equals("0.00000000"), "a target answered");
        assertEquals("bypass", chat(ALICE, QUESTION + "}", "Cache-Control", "no-store").headers().get("x-router-cache"));
        assertEquals(before + 2, upstreamCalls());
    }

    @Test
    void aBadCacheHeaderIsABadRequest() throws Exception {
        HttpAnswer bad = chat(ALICE, QUESTION + "}", "x-router-cache", "sometimes");
        assertEquals(400, bad.status());
        JsonNode error = JSON.readTree(bad.body()).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals("x-router-cache", error.path("param").asText());
        assertEquals(0, upstreamCalls());
    }

    @Test
    void aStreamedRequestThatHitsIsServedAsServerSentEvents() {
        chat(ALICE, QUESTION + "}");
        AnswerHeadersTableTest.RecordingAnswerSink client = new AnswerHeadersTableTest.RecordingAnswerSink();
        gateway.handle(new HttpCall("POST", "/v1/chat/completions", Map.of("Authorization", "Bearer " + ALICE),
                (QUESTION + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
                        .getBytes(StandardCharsets.UTF_8)), client);

        assertEquals(200, client.status);
        assertEquals("hit", client.headers.get("x-router-cache"));
        assertEquals("text/event-stream", client.headers.get("content-type"));
        String events = client.bodyText();
        assertTrue(events.startsWith("data: {"), events);
        assertTrue(events.contains("\"object\":\"chat.completion.chunk\""), events);
        assertTrue(events.contains("Hello! How can I help you today?"), events);
        assertTrue(events.contains("\"total_tokens\":41"), "the usage chunk asked for: " + events);
        assertTrue(events.contains("data: [DONE]\n\n: x-router-cost-usd: 0.00000000\n\n"), events);
        assertEquals(1, upstreamCalls());
    }

    @Test
    void aLegacyCompletionIsCachedApartFromTheChatOneAndStreamedAsTextCompletions() {
        String prompt = "{\"model\":\"tiny\",\"prompt\":\"Once\",\"max_tokens\":4,\"temperature\":0";
        HttpCall whole = new HttpCall("POST", "/v1/completions", Map.of("Authorization", "Bearer " + ALICE),
                (prompt + "}").getBytes(StandardCharsets.UTF_8));
        assertEquals("miss", gateway.handle(whole).headers().get("x-router-cache"));
        HttpAnswer hit = gateway.handle(whole);
        assertEquals("hit", hit.headers().get("x-router-cache"));
        assertTrue(hit.bodyText().contains("upon a time"), hit.bodyText());

        HttpAnswer streamed = gateway.handle(new HttpCall("POST", "/v1/completions",
                Map.of("Authorization", "Bearer " + ALICE),
                (prompt + ",\"stream\":true}").getBytes(StandardCharsets.UTF_8)));
        assertEquals("hit", streamed.headers().get("x-router-cache"));
        assertTrue(streamed.bodyText().contains("\"object\":\"text_completion\"")
                && streamed.bodyText().contains("\" upon a time\"")
                && streamed.bodyText().contains("data: [DONE]"), streamed.bodyText());
        assertEquals(1, upstream.requestedPaths().stream().filter(p -> p.equals("/v1/completions")).count());
    }

    @Test
    void aStoredKeyNoLongerAllowedTheTargetThatMadeAnAnswerIsNotServedIt() throws Exception {
        HttpAnswer created = StoredKeyAuthTest.call(gateway, "POST", "/v1/router/keys", ADMIN, "{\"name\":\"ci\"}");
        JsonNode key = JSON.readTree(created.body());
        String secret = key.path("secret").asText();
        chat(secret, QUESTION + "}");
        assertEquals("hit", chat(secret, QUESTION + "}").headers().get("x-router-cache"));

        // Only another target from now on: the answer "local" made is not this key's to be served any more.
        HttpAnswer patched = StoredKeyAuthTest.call(gateway, "PATCH", "/v1/router/keys/" + key.path("id").asText(),
                ADMIN, "{\"targets\":[\"elsewhere\"]}");
        assertEquals(200, patched.status(), patched.bodyText());
        HttpAnswer refused = chat(secret, QUESTION + "}");
        assertEquals("miss", refused.headers().get("x-router-cache"));
        assertEquals(403, refused.status(), refused.bodyText());
    }

    @Test
    void aStreamedMissIsKeptAsTheCompletionItToldAndServedWholeOrStreamed() throws Exception {
        upstream.on("/v1/chat/completions", LoopbackLlamaServer.reply(200, Map.of("Content-Type", "text/event-stream"),
                Fixtures.llamaServer("chat-completion-stream.txt")));
        AnswerHeadersTableTest.RecordingAnswerSink client = new AnswerHeadersTableTest.RecordingAnswerSink();
        gateway.handle(new HttpCall("POST", "/v1/chat/completions", Map.of("Authorization", "Bearer " + ALICE),
                (QUESTION + ",\"stream\":true}").getBytes(StandardCharsets.UTF_8)), client);
        assertEquals("miss", client.headers.get("x-router-cache"), "in the stream's head");
        assertTrue(client.bodyText().contains("data: [DONE]"), client.bodyText());

        HttpAnswer whole = chat(ALICE, QUESTION + "}");
        assertEquals("hit", whole.headers().get("x-router-cache"));
        JsonNode completion = JSON.readTree(whole.body());
        assertEquals("chat.completion", completion.path("object").asText());
        assertEquals("Hello! How can I help you today?", completion.path("choices").path(0).path("message")
                .path("content").asText());
        assertEquals("stop", completion.path("choices").path(0).path("finish_reason").asText());
        assertTrue(completion.path("usage").path("total_tokens").asInt() > 0, completion.toString());

        HttpAnswer streamedAgain = chat(ALICE, QUESTION + ",\"stream\":true}");
        assertEquals("hit", streamedAgain.headers().get("x-router-cache"));
        assertTrue(streamedAgain.bodyText().contains("data: [DONE]"), streamedAgain.bodyText());
        assertEquals(1, upstreamCalls());
    }

    @Test
    void aStreamCutShortIsNotKept() {
        String cut = Fixtures.llamaServer("chat-completion-stream.txt").replace("data: [DONE]", "");
        upstream.on("/v1/chat/completions", LoopbackLlamaServer.reply(200, Map.of("Content-Type", "text/event-stream"),
                cut));
        AnswerHeadersTableTest.RecordingAnswerSink client = new AnswerHeadersTableTest.RecordingAnswerSink();
        gateway.handle(new HttpCall("POST", "/v1/chat/completions", Map.of("Authorization", "Bearer " + ALICE),
                (QUESTION + ",\"stream\":true}").getBytes(StandardCharsets.UTF_8)), client);
        assertEquals("interrupted", observed.get(observed.size() - 1).streamEnd());

        assertEquals("miss", chat(ALICE, QUESTION + "}").headers().get("x-router-cache"));
    }

    @Test
    void aHitCountsAgainstItsKeysRequestsPerMinute() throws Exception {
        HttpAnswer created = StoredKeyAuthTest.call(gateway, "POST", "/v1/router/keys", ADMIN,
                "{\"name\":\"slow\",\"limits\":{\"rpm\":2}}");
        String key = JSON.readTree(created.body()).path("secret").asText();

        assertEquals("miss", chat(key, QUESTION + "}").headers().get("x-router-cache"));
        HttpAnswer hit = chat(key, QUESTION + "}");
        assertEquals("hit", hit.headers().get("x-router-cache"));
        assertEquals("0", hit.headers().get("x-ratelimit-remaining-requests"));
        HttpAnswer third = chat(key, QUESTION + "}");
        assertEquals(429, third.status(), third.bodyText());

        clock.advance(Duration.ofMinutes(1));
        assertEquals("hit", chat(key, QUESTION + "}").headers().get("x-router-cache"), "a new minute");
    }

    @Test
    void aStreamingCarrierSendsTheAnswerBeforeItIsWrittenToTheCache() {
        AnswerHeadersTableTest.RecordingAnswerSink client = new AnswerHeadersTableTest.RecordingAnswerSink();
        List<Integer> headsSentAtTheWrite = new CopyOnWriteArrayList<>();
        DynamoAnswerStore dynamoStore = new DynamoAnswerStore(dynamo.client(), config.store());
        AnswerStore watched = new AnswerStore() {
            @Override
            public java.util.Optional<CachedAnswer> find(String scope, String fingerprint) {
                return dynamoStore.find(scope, fingerprint);
            }

            @Override
            public boolean put(String scope, String fingerprint, CachedAnswer answer, Instant expiresAt) {
                headsSentAtTheWrite.add(client.heads);
                return dynamoStore.put(scope, fingerprint, answer, expiresAt);
            }
        };
        RouterGateway streaming = RouterGateway.assemble(config, store, ForwardSettings.defaults(), clock)
                .withResponseCache(new ResponseCache(config, watched, clock));

        streaming.handle(new HttpCall("POST", "/v1/chat/completions", Map.of("Authorization", "Bearer " + ALICE),
                (QUESTION + "}").getBytes(StandardCharsets.UTF_8)), client);
        assertEquals("miss", client.headers.get("x-router-cache"));
        assertEquals(List.of(1), headsSentAtTheWrite, "written once, after the answer went out");
        assertEquals("hit", chat(streaming, ALICE, QUESTION + "}").headers().get("x-router-cache"));
    }

    @Test
    void aBrokenCacheOnlyMisses() {
        RouterGateway broken = RouterGateway.assemble(config, store, ForwardSettings.defaults(), clock)
                .withResponseCache(new ResponseCache(config, new DynamoAnswerStore(dynamo.client(),
                        config.store().withTable("no-such-table")), clock));

        for (int i = 0; i < 2; i++) {
            HttpAnswer answer = chat(broken, ALICE, QUESTION + "}");
            assertEquals(200, answer.status(), answer.bodyText());
            assertEquals("miss", answer.headers().get("x-router-cache"));
        }
        assertEquals(2, upstreamCalls());
    }

    @Test
    void anExpiredAnswerIsAMiss() {
        chat(ALICE, QUESTION + "}");
        clock.advance(Duration.ofSeconds(301));
        store.putHealth(new HealthRecord("local", true, "ok", clock.instant(), 3L, 15.0, 100.0, null, null, 0, 0, 0,
                2, 512, List.of("tiny"), "m"));

        assertEquals("miss", chat(ALICE, QUESTION + "}").headers().get("x-router-cache"));
    }
}
