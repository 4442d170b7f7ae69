package io.llmrouter.gateway;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.health.Fixtures;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the request log and the metrics learn about a streamed answer: how it ended (completed, or the
 * client went away), when its first event left, and its cost, which the client read in the stream's
 * closing comment line.
 */
class StreamedOutcomeTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final byte[] STREAM_REQUEST = ("{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
            + "\"max_tokens\":8,\"stream\":true}").getBytes(StandardCharsets.UTF_8);

    LoopbackLlamaServer cluster;
    RouterGateway gateway;
    final List<RequestOutcome> observed = new CopyOnWriteArrayList<>();

    @BeforeEach
    void deploy() {
        cluster = LoopbackLlamaServer.http().on("/v1/chat/completions", LoopbackLlamaServer.reply(200,
                Map.of("Content-Type", "text/event-stream"), Fixtures.llamaServer("chat-completion-stream.txt")));
        String table = dynamo.newTableName("streamed-outcome");
        RouterConfig config = ConfigLoader.fromYaml("""
                clusters:
                  - {name: gpu, endpoint: "%s", costPerHour: 0.09}
                store: {tableName: %s}
                """.formatted(cluster.endpoint(), table), Map.of());
        StateTable.createIfMissing(dynamo.client(), table);
        DynamoRoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), config.store());
        Instant now = Instant.now();
        store.putHealth(new HealthRecord("gpu", true, "ok", now, 3L, 15.0, 100.0, null, null, 0, 0, 0, 2, 4096,
                List.of(), "boot-1"));
        store.putCost(new CostRecord("gpu", CostRecord.ANY_MODEL, 0.002, 0.002, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
        gateway = RouterGateway.assemble(config, store, ForwardSettings.defaults(), Clock.systemUTC(), observed::add);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void aCompletedStreamIsLoggedWithItsEndItsFirstEventAndTheCostTheClientReadLast() {
        AnswerHeadersTableTest.RecordingAnswerSink client = new AnswerHeadersTableTest.RecordingAnswerSink();

        gateway.handle(new HttpCall("POST", "/v1/chat/completions", Map.of(), STREAM_REQUEST), client);

        RequestOutcome outcome = observed.getLast();
        assertEquals("completed", outcome.streamEnd());
        assertNotNull(outcome.firstEventNanos());
        assertTrue(outcome.firstEventNanos() > 0 && outcome.firstEventNanos() <= outcome.latencyNanos(), outcome.toString());
        assertNotNull(outcome.costUsd());
        assertTrue(client.bodyText().endsWith(": x-router-cost-usd: " + AnswerPricing.usd(outcome.costUsd()) + "\n\n"),
                "the client read the logged cost: " + client.bodyText());
        Map<String, String> line = io.llmrouter.metrics.RequestLog.fields(outcome);
        assertEquals("completed", line.get("stream"));
        assertNotNull(line.get("firstEventMs"));
    }

    @Test
    void aClientThatHangsUpMidStreamIsLoggedAsClientDisconnected() {
        int[] writes = {0};
        AnswerSink hangsUp = new AnswerSink() {
            @Override
            public void head(int status, Map<String, String> headers) {
            }

            @Override
            public void write(byte[] part) throws IOException {
                writes[0]++;
                throw new IOException("Broken pipe");
            }
        };

        gateway.handle(new HttpCall("POST", "/v1/chat/completions", Map.of(), STREAM_REQUEST), hangsUp);

        RequestOutcome outcome = observed.getLast();
        assertEquals(200, outcome.status(), "the head had gone out");
        assertEquals("client_disconnected", outcome.streamEnd());
        assertEquals("gpu", outcome.target());
        assertEquals(1, writes[0], "nothing more is written after the failed write");
    }

    @Test
    void anAnswerTheClientGetsWholeHasNoStreamFields() {
        gateway.handle(new HttpCall("POST", "/v1/chat/completions", Map.of(), STREAM_REQUEST));

        RequestOutcome outcome = observed.getLast();
        assertNull(outcome.streamEnd(), "a buffered carrier collected the stream: nothing was streamed to a client");
        assertNull(outcome.firstEventNanos());
        assertNotNull(outcome.costUsd());
    }
}
