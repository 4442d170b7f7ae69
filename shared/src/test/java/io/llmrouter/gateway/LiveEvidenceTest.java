package io.llmrouter.gateway;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.health.Fixtures;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
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
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster whose health record has aged past its window (2 s polls, stale after 3: 6 s) but which keeps
 * answering this instance is kept, and the answer says why; once it has not answered within the window
 * either, it is refused as stale. The cluster is a loopback server answering with llama-server's captured
 * chat completion; the routing state is in DynamoDB Local; time is a test clock.
 */
class LiveEvidenceTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":4}";
    /** Young by the wall clock: DynamoDB Local deletes records whose TTL (a day after their observation) has passed. */
    static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private final MutableClock clock = new MutableClock(T0);
    private LoopbackLlamaServer cluster;
    private RouterGateway gateway;

    @BeforeEach
    void deploy() {
        cluster = LoopbackLlamaServer.http().on("/v1/chat/completions", LoopbackLlamaServer.reply(200,
                LoopbackLlamaServer.JSON, Fixtures.llamaServer("chat-completion.json")));
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {healthCheckInterval: 2s, adminKey: admin-secret}
                clusters: [{name: gpu, endpoint: "%s", costPerHour: 0.09}]
                store: {tableName: %s}
                """.formatted(cluster.endpoint(), dynamo.tableName()), Map.of());
        var store = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
        // The poller's last word: up, at T0. It writes nothing after that.
        store.putHealth(new HealthRecord("gpu", true, "ok", T0, 3L, null, null, null, null, 0, 0, 0, 1, null,
                List.of(), "boot-1"));
        gateway = RouterGateway.assemble(config, store, ForwardSettings.defaults(), clock);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private HttpAnswer chatAt(Duration sinceT0) {
        clock.set(T0.plus(sinceT0));
        return gateway.handle(new HttpCall("POST", "/v1/chat/completions", Map.of("Content-Type", "application/json"),
                CHAT.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aClusterThatKeepsAnsweringIsKeptPastItsRecordsWindowAndTheReasonSaysSo() {
        HttpAnswer fresh = chatAt(Duration.ofSeconds(5));
        assertEquals(200, fresh.status(), fresh.bodyText());
        assertTrue(!fresh.headers().get("x-router-reason").contains("live evidence"), fresh.headers().toString());

        HttpAnswer kept = chatAt(Duration.ofSeconds(9)); // record 9 s old; answered 4 s ago
        assertEquals(200, kept.status(), kept.bodyText());
        assertTrue(kept.headers().get("x-router-reason").contains("kept on live evidence: health record 9.0 s old "
                + "(stale after 6.0 s), but it answered here 4.0 s ago"), kept.headers().toString());

        clock.set(T0.plusSeconds(10));
        String state = gateway.handle(new HttpCall("GET", "/v1/router/state",
                Map.of("Authorization", "Bearer admin-secret"), new byte[0])).bodyText();
        assertTrue(state.contains("\"healthy\":true") && state.contains("kept on live evidence"), state);
    }

    @Test
    void withoutARecentAnswerAStaleRecordIsRefused() {
        assertEquals(200, chatAt(Duration.ofSeconds(5)).status());

        HttpAnswer refused = chatAt(Duration.ofMillis(11_100)); // answered 6.1 s ago: no evidence
        assertEquals(503, refused.status());
        assertTrue(refused.bodyText().contains("health record is stale: 11.1 s old (stale after 6.0 s)"),
                refused.bodyText());
    }
}
