package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.batch.BatchService;
import io.llmrouter.batch.DynamoBatchStore;
import io.llmrouter.batch.MemoryFileStore;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Files and batches belong to the key that made them: another key is answered as if they did not exist (404, as
 * OpenAI answers another organisation's), cannot list, cancel, download or reuse them.
 */
class BatchScopeTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALICE = "sk-alice-0123456789";
    static final String BOB = "sk-bob-0123456789";

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private RouterGateway gateway;

    @BeforeEach
    void deploy() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                clusters:
                  - {name: local, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [tiny]}
                store: {tableName: %s, partition: batch-scope-%d}
                auth:
                  clientKeys:
                    - {name: alice, sha256: %s}
                    - {name: bob, sha256: %s}
                """.formatted(dynamo.tableName(), System.nanoTime(), KeySecrets.sha256Hex(ALICE),
                KeySecrets.sha256Hex(BOB)), Map.of());
        gateway = RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(), config.store(), clock),
                ForwardSettings.defaults(), clock, RequestObserver.NONE, SnapshotCacheListener.NONE)
                .serveBatches(new BatchService(new DynamoBatchStore(dynamo.client(), config.store()),
                        new MemoryFileStore(), clock));
    }

    HttpAnswer call(String key, String method, String path, String contentType, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + key);
        headers.put("Content-Type", contentType);
        return gateway.handle(new HttpCall(method, path, headers, body));
    }

    HttpAnswer json(String key, String method, String path, String body) {
        return call(key, method, path, "application/json", body == null ? null : body.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode read(HttpAnswer answer) throws Exception {
        return JSON.readTree(answer.body());
    }

    @Test
    void anotherKeySeesNoneOfAKeysFilesOrBatches() throws Exception {
        HttpAnswer uploaded = call(ALICE, "POST", "/v1/files", "multipart/form-data; boundary=" + BatchApiTest.BOUNDARY,
                BatchApiTest.multipart("batch", BatchApiTest.LINE.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, uploaded.status(), uploaded.bodyText());
        String file = read(uploaded).path("id").asText();
        String create = "{\"input_file_id\":\"" + file + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}";
        HttpAnswer created = json(ALICE, "POST", "/v1/batches", create);
        assertEquals(200, created.status(), created.bodyText());
        String batch = read(created).path("id").asText();

        assertEquals(200, json(ALICE, "GET", "/v1/batches/" + batch, null).status());
        assertEquals(1, read(json(ALICE, "GET", "/v1/batches", null)).path("data").size());

        assertEquals(404, json(BOB, "GET", "/v1/batches/" + batch, null).status());
        assertEquals(0, read(json(BOB, "GET", "/v1/batches", null)).path("data").size());
        assertEquals(404, json(BOB, "POST", "/v1/batches/" + batch + "/cancel", null).status());
        assertEquals(404, json(BOB, "GET", "/v1/files/" + file, null).status());
        assertEquals(404, json(BOB, "GET", "/v1/files/" + file + "/content", null).status());
        HttpAnswer reuse = json(BOB, "POST", "/v1/batches", create);
        assertEquals(404, reuse.status(), reuse.bodyText());
        assertEquals("No such file: '" + file + "'.", read(reuse).path("error").path("message").asText(),
                "the same answer as for a file that does not exist");

        String status = read(json(ALICE, "GET", "/v1/batches/" + batch, null)).path("status").asText();
        assertFalse(status.startsWith("cancel"), "bob's cancel did not touch alice's batch: " + status);
    }
}
