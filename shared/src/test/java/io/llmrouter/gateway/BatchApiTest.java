package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.batch.BatchService;
import io.llmrouter.batch.DynamoBatchStore;
import io.llmrouter.batch.MemoryFileStore;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Files and Batch endpoints through the gateway, on DynamoDB Local: OpenAI's shapes and its refusals. */
class BatchApiTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BOUNDARY = "----sdk-boundary-7d2a";
    static final String LINE = "{\"custom_id\":\"r1\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
            + "\"body\":{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    private RouterConfig config;
    private RouterGateway gateway;

    @BeforeEach
    void deploy() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        config = ConfigLoader.fromYaml("""
                clusters:
                  - {name: local, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [tiny]}
                store: {tableName: %s, partition: batch-api-%d}
                """.formatted(dynamo.tableName(), System.nanoTime()), Map.of());
        gateway = gateway().serveBatches(new BatchService(new DynamoBatchStore(dynamo.client(), config.store()),
                new MemoryFileStore(), clock));
    }

    RouterGateway gateway() {
        return RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(), config.store(), clock),
                ForwardSettings.defaults(), clock, RequestObserver.NONE, SnapshotCacheListener.NONE);
    }

    /** A body as the OpenAI SDKs send {@code files.create}: a file part and a purpose field. */
    static byte[] multipart(String purpose, byte[] file) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\n" + purpose + "\r\n"
                + "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"requests.jsonl\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    HttpAnswer upload(String purpose, byte[] file) {
        return gateway.handle(new HttpCall("POST", "/v1/files",
                Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY), multipart(purpose, file)));
    }

    HttpAnswer call(String method, String path, String body) {
        return gateway.handle(new HttpCall(method, path, Map.of("Content-Type", "application/json"),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode json(HttpAnswer answer) throws Exception {
        return JSON.readTree(answer.body());
    }

    String uploaded() throws Exception {
        HttpAnswer answer = upload("batch", LINE.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, answer.status(), answer.bodyText());
        return json(answer).path("id").asText();
    }

    static void assertRefused(HttpAnswer answer, int status, String param) throws Exception {
        assertEquals(status, answer.status(), answer.bodyText());
        JsonNode error = json(answer).path("error");
        assertTrue(error.path("message").asText().length() > 10, answer.bodyText());
        assertEquals("invalid_request_error", error.path("type").asText());
        if (param != null) {
            assertEquals(param, error.path("param").asText(), answer.bodyText());
        }
    }

    @Test
    void filesAreListedNewestFirstInPagesAndByPurpose() throws Exception {
        String first = uploaded();
        clock.advance(java.time.Duration.ofSeconds(1));
        String second = uploaded();
        clock.advance(java.time.Duration.ofSeconds(1));
        String third = uploaded();

        JsonNode all = json(listFiles(""));
        JsonNode page = json(listFiles("limit=2&order=asc"));
        JsonNode next = json(listFiles("limit=2&order=asc&after=" + second));

        assertEquals("list", all.path("object").asText());
        assertEquals(java.util.List.of(third, second, first), ids(all));
        assertEquals(java.util.List.of(first, second), ids(page));
        assertTrue(page.path("has_more").asBoolean());
        assertEquals(second, page.path("last_id").asText());
        assertEquals(java.util.List.of(third), ids(next));
        assertFalse(next.path("has_more").asBoolean());
        assertEquals(3, ids(json(listFiles("purpose=batch"))).size());
        assertEquals(0, ids(json(listFiles("purpose=batch_output"))).size());
        assertRefused(listFiles("order=newest"), 400, "order");
        assertRefused(listFiles("limit=0"), 400, "limit");
    }

    @Test
    void aDeletedFileIsGoneItsBytesToo() throws Exception {
        String kept = uploaded();
        String deleted = uploaded();

        HttpAnswer answer = call("DELETE", "/v1/files/" + deleted, null);

        assertEquals(200, answer.status(), answer.bodyText());
        assertEquals(JSON.readTree("{\"id\":\"" + deleted + "\",\"object\":\"file\",\"deleted\":true}"), json(answer));
        assertEquals(404, call("GET", "/v1/files/" + deleted, null).status());
        assertEquals(404, call("GET", "/v1/files/" + deleted + "/content", null).status());
        assertEquals(java.util.List.of(kept), ids(json(listFiles(""))));
        assertEquals(404, call("DELETE", "/v1/files/" + deleted, null).status(), "deleted once");
        assertEquals(404, call("DELETE", "/v1/files/file-nosuch", null).status());
    }

    private HttpAnswer listFiles(String query) {
        return gateway.handle(new HttpCall("GET", "/v1/files", Map.of(), null, null, query));
    }

    private static java.util.List<String> ids(JsonNode list) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        list.path("data").forEach(file -> ids.add(file.path("id").asText()));
        return ids;
    }

    @Test
    void anUploadedFileIsAFileObjectAndItsContentReadsBackByteForByte() throws Exception {
        byte[] content = (LINE + "{\"custom_id\":\"é\"}\n").getBytes(StandardCharsets.UTF_8);
        JsonNode file = json(upload("batch", content));

        String id = file.path("id").asText();
        assertTrue(id.startsWith("file-"), id);
        assertEquals("file", file.path("object").asText());
        assertEquals("batch", file.path("purpose").asText());
        assertEquals("requests.jsonl", file.path("filename").asText());
        assertEquals(content.length, file.path("bytes").asLong());
        assertEquals(clock.instant().getEpochSecond(), file.path("created_at").asLong());
        assertEquals("processed", file.path("status").asText());
        assertEquals(file, json(call("GET", "/v1/files/" + id, null)));
        HttpAnswer download = call("GET", "/v1/files/" + id + "/content", null);
        assertEquals(200, download.status());
        assertArrayEquals(content, download.body());
    }

    @Test
    void aBatchIsABatchObjectInOpenAisShape() throws Exception {
        String fileId = uploaded();
        HttpAnswer created = call("POST", "/v1/batches", """
                {"input_file_id": "%s", "endpoint": "/v1/chat/completions", "completion_window": "24h",
                 "metadata": {"job": "nightly"}}""".formatted(fileId));

        assertEquals(200, created.status(), created.bodyText());
        JsonNode batch = json(created);
        String id = batch.path("id").asText();
        assertTrue(id.startsWith("batch_"), id);
        assertEquals("batch", batch.path("object").asText());
        assertEquals("validating", batch.path("status").asText());
        assertEquals("/v1/chat/completions", batch.path("endpoint").asText());
        assertEquals(fileId, batch.path("input_file_id").asText());
        assertEquals("24h", batch.path("completion_window").asText());
        long createdAt = clock.instant().getEpochSecond();
        assertEquals(createdAt, batch.path("created_at").asLong());
        assertEquals(createdAt + 86_400, batch.path("expires_at").asLong());
        assertEquals(JSON.readTree("{\"total\":0,\"completed\":0,\"failed\":0}"), batch.path("request_counts"));
        for (String unset : new String[]{"output_file_id", "error_file_id", "errors", "in_progress_at", "completed_at",
                "failed_at", "cancelled_at"}) {
            assertTrue(batch.has(unset) && batch.path(unset).isNull(), unset);
        }
        assertEquals("nightly", batch.path("metadata").path("job").asText());
        assertEquals(batch, json(call("GET", "/v1/batches/" + id, null)));

        JsonNode cancelled = json(call("POST", "/v1/batches/" + id + "/cancel", null));
        assertEquals("cancelling", cancelled.path("status").asText());
        assertEquals(createdAt, cancelled.path("cancelling_at").asLong());
    }

    @Test
    void theListPagesNewestFirst() throws Exception {
        String fileId = uploaded();
        String body = "{\"input_file_id\":\"" + fileId + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}";
        String first = json(call("POST", "/v1/batches", body)).path("id").asText();
        clock.advance(java.time.Duration.ofSeconds(2));
        String second = json(call("POST", "/v1/batches", body)).path("id").asText();

        JsonNode page = json(call("GET", "/v1/batches", null));
        assertEquals("list", page.path("object").asText());
        assertEquals(second, page.path("data").get(0).path("id").asText());
        assertEquals(first, page.path("data").get(1).path("id").asText());
        assertFalse(page.path("has_more").asBoolean());
        JsonNode one = json(gateway.handle(new HttpCall("GET", "/v1/batches", Map.of(), null, null, "limit=1")));
        assertEquals(1, one.path("data").size());
        assertTrue(one.path("has_more").asBoolean());
        JsonNode next = json(gateway.handle(new HttpCall("GET", "/v1/batches", Map.of(), null, null,
                "limit=1&after=" + second)));
        assertEquals(first, next.path("data").get(0).path("id").asText());
        assertRefused(gateway.handle(new HttpCall("GET", "/v1/batches", Map.of(), null, null, "limit=0")), 400, null);
    }

    @Test
    void badInputIsA4xxNamingTheField() throws Exception {
        String fileId = uploaded();
        assertRefused(call("POST", "/v1/batches", "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/embeddings\",\"completion_window\":\"24h\"}"), 400, "endpoint");
        assertRefused(call("POST", "/v1/batches", "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"1h\"}"), 400, "completion_window");
        assertRefused(call("POST", "/v1/batches", "{\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}"),
                400, "input_file_id");
        assertRefused(call("POST", "/v1/batches", "{\"input_file_id\":\"file-nope\","
                + "\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}"), 404, null);
        assertRefused(call("POST", "/v1/batches", "{not json"), 400, null);
        assertRefused(upload("fine-tune", LINE.getBytes(StandardCharsets.UTF_8)), 400, "purpose");
        assertRefused(call("POST", "/v1/files", "{\"purpose\":\"batch\"}"), 400, null);
        assertRefused(call("GET", "/v1/files/file-nope", null), 404, null);
        assertRefused(call("GET", "/v1/files/file-nope/content", null), 404, null);
        assertRefused(call("GET", "/v1/batches/batch_nope", null), 404, null);
        assertRefused(call("POST", "/v1/batches/batch_nope/cancel", null), 404, null);
        assertRefused(call("DELETE", "/v1/batches/batch_nope", null), 404, null);
    }

    @Test
    void aStoredKeyWithBoundsUsesBatchesAsAnUnboundedOneDoes() throws Exception {
        io.llmrouter.keys.DynamoKeyStore keys = new io.llmrouter.keys.DynamoKeyStore(dynamo.client(), config.store());
        gateway = RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(), config.store(), clock), keys,
                ForwardSettings.defaults(), clock, RequestObserver.NONE, SnapshotCacheListener.NONE)
                .serveBatches(new BatchService(new DynamoBatchStore(dynamo.client(), config.store()), new MemoryFileStore(), clock));
        String bounded = "sk-bounded-" + System.nanoTime();
        String open = "sk-open-" + System.nanoTime();
        for (String[] key : new String[][]{{bounded, "tiny"}, {open, null}}) {
            String hash = io.llmrouter.keys.KeySecrets.sha256Hex(key[0]);
            keys.create(new io.llmrouter.keys.ApiKey(io.llmrouter.keys.KeySecrets.idOf(key[0]), hash, "k", null, Map.of(),
                    key[1] == null ? java.util.List.of() : java.util.List.of(key[1]), java.util.List.of(), null, null, null,
                    clock.instant(), null));
        }

        // Its bounds apply to the batch's requests when they run (BatchKeyBoundsTest), not to the Batch API.
        for (String key : new String[]{bounded, open}) {
            HttpAnswer uploaded = gateway.handle(new HttpCall("POST", "/v1/files", Map.of("Authorization", "Bearer " + key,
                    "Content-Type", "multipart/form-data; boundary=" + BOUNDARY), multipart("batch", LINE.getBytes(StandardCharsets.UTF_8))));
            assertEquals(200, uploaded.status(), uploaded.bodyText());
            HttpAnswer listed = gateway.handle(new HttpCall("GET", "/v1/batches", Map.of("Authorization", "Bearer " + key), null));
            assertEquals(200, listed.status(), listed.bodyText());
        }
    }

    @Test
    void aRouterWithoutABatchStoreAnswers404() throws Exception {
        gateway = gateway();
        assertRefused(call("GET", "/v1/batches", null), 404, null);
        assertRefused(upload("batch", LINE.getBytes(StandardCharsets.UTF_8)), 404, null);
    }
}
