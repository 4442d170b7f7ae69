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

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenAI's Uploads API through the gateway, on DynamoDB Local: a batch file sent in parts, joined in the order
 * {@code complete} names, usable as a batch's input; its refusals; uploads belong to their caller.
 */
class UploadApiTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ALICE = "sk-alice-0123456789";
    static final String BOB = "sk-bob-0123456789";
    static final String BOUNDARY = "----sdk-part-boundary-91c";

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final MemoryFileStore files = new MemoryFileStore();
    private RouterGateway gateway;

    @BeforeEach
    void deploy() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                clusters:
                  - {name: local, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [tiny]}
                store: {tableName: %s, partition: uploads-%d}
                auth:
                  clientKeys:
                    - {name: alice, sha256: %s}
                    - {name: bob, sha256: %s}
                """.formatted(dynamo.tableName(), System.nanoTime(), KeySecrets.sha256Hex(ALICE),
                KeySecrets.sha256Hex(BOB)), Map.of());
        gateway = RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(), config.store(), clock),
                ForwardSettings.defaults(), clock, RequestObserver.NONE, SnapshotCacheListener.NONE)
                .serveBatches(new BatchService(new DynamoBatchStore(dynamo.client(), config.store()), files, clock));
    }

    static String line(String customId) {
        return "{\"custom_id\":\"" + customId + "\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\","
                + "\"body\":{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}}\n";
    }

    HttpAnswer post(String key, String path, String body) {
        return gateway.handle(new HttpCall("POST", path, headers(key, "application/json"),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    /** A part as the SDKs send it: multipart, the bytes in a file part named {@code data}. */
    HttpAnswer addPart(String key, String uploadId, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"data\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return gateway.handle(new HttpCall("POST", "/v1/uploads/" + uploadId + "/parts",
                headers(key, "multipart/form-data; boundary=" + BOUNDARY), body.toByteArray()));
    }

    static Map<String, String> headers(String key, String contentType) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + key);
        headers.put("Content-Type", contentType);
        return headers;
    }

    JsonNode created(String key, long bytes) throws Exception {
        HttpAnswer answer = post(key, "/v1/uploads", """
                {"filename": "big.jsonl", "purpose": "batch", "bytes": %d, "mime_type": "application/jsonl"}"""
                .formatted(bytes));
        assertEquals(200, answer.status(), answer.bodyText());
        return read(answer);
    }

    String part(String key, String uploadId, String content) throws Exception {
        HttpAnswer answer = addPart(key, uploadId, content.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, answer.status(), answer.bodyText());
        return read(answer).path("id").asText();
    }

    HttpAnswer complete(String key, String uploadId, List<String> partIds, String md5) {
        String ids = String.join(",", partIds.stream().map(id -> "\"" + id + "\"").toList());
        return post(key, "/v1/uploads/" + uploadId + "/complete", "{\"part_ids\":[" + ids + "]"
                + (md5 == null ? "" : ",\"md5\":\"" + md5 + "\"") + "}");
    }

    static JsonNode read(HttpAnswer answer) throws Exception {
        return JSON.readTree(answer.body());
    }

    static void assertRefused(HttpAnswer answer, int status, String param) throws Exception {
        BatchApiTest.assertRefused(answer, status, param);
    }

    long partObjects() {
        return files.keys().stream().filter(key -> key.startsWith("uploads/")).count();
    }

    @Test
    void threePartsCompletedInTheOrderGivenBecomeOneBatchFile() throws Exception {
        String first = line("a");
        String second = line("b") + line("c");
        String third = line("d");
        int total = (first + second + third).getBytes(StandardCharsets.UTF_8).length;

        JsonNode upload = created(ALICE, total);
        String id = upload.path("id").asText();
        assertTrue(id.startsWith("upload_"), id);
        assertEquals("upload", upload.path("object").asText());
        assertEquals(total, upload.path("bytes").asLong());
        assertEquals("big.jsonl", upload.path("filename").asText());
        assertEquals("batch", upload.path("purpose").asText());
        assertEquals("pending", upload.path("status").asText());
        assertEquals(clock.instant().getEpochSecond(), upload.path("created_at").asLong());
        assertEquals(clock.instant().getEpochSecond() + 3600, upload.path("expires_at").asLong());
        assertTrue(upload.has("file") && upload.path("file").isNull(), upload.toString());

        HttpAnswer thirdAnswer = addPart(ALICE, id, third.getBytes(StandardCharsets.UTF_8));
        JsonNode thirdPart = read(thirdAnswer);
        assertEquals(200, thirdAnswer.status(), thirdAnswer.bodyText());
        assertTrue(thirdPart.path("id").asText().startsWith("part_"), thirdPart.toString());
        assertEquals("upload.part", thirdPart.path("object").asText());
        assertEquals(id, thirdPart.path("upload_id").asText());
        assertEquals(clock.instant().getEpochSecond(), thirdPart.path("created_at").asLong());
        String firstPart = part(ALICE, id, first);
        String secondPart = part(ALICE, id, second);
        assertEquals(3, partObjects());

        HttpAnswer completed = complete(ALICE, id, List.of(firstPart, secondPart, thirdPart.path("id").asText()), null);

        assertEquals(200, completed.status(), completed.bodyText());
        JsonNode done = read(completed);
        assertEquals("completed", done.path("status").asText());
        assertEquals(id, done.path("id").asText());
        JsonNode file = done.path("file");
        assertEquals("file", file.path("object").asText());
        assertEquals(total, file.path("bytes").asLong());
        assertEquals("batch", file.path("purpose").asText());
        assertEquals("big.jsonl", file.path("filename").asText());
        String fileId = file.path("id").asText();
        HttpAnswer content = gateway.handle(new HttpCall("GET", "/v1/files/" + fileId + "/content",
                headers(ALICE, "application/json"), null));
        assertArrayEquals((first + second + third).getBytes(StandardCharsets.UTF_8), content.body(),
                "the parts joined in part_ids' order, not the order they came in");
        assertEquals(0, partObjects(), "the parts' bytes are deleted once joined");
        HttpAnswer batch = post(ALICE, "/v1/batches", "{\"input_file_id\":\"" + fileId
                + "\",\"endpoint\":\"/v1/chat/completions\",\"completion_window\":\"24h\"}");
        assertEquals(200, batch.status(), batch.bodyText());

        assertRefused(addPart(ALICE, id, line("e").getBytes(StandardCharsets.UTF_8)), 400, null);
        assertRefused(complete(ALICE, id, List.of(firstPart), null), 400, null);
        assertRefused(post(ALICE, "/v1/uploads/" + id + "/cancel", null), 400, null);
    }

    @Test
    void partsThatDoNotAddUpToTheDeclaredBytesAreRefusedAndTheUploadStaysOpen() throws Exception {
        String content = line("a") + line("b");
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        String id = created(ALICE, bytes.length).path("id").asText();
        String head = part(ALICE, id, content.substring(0, 10));

        assertRefused(complete(ALICE, id, List.of(head), null), 400, "part_ids");
        assertRefused(complete(ALICE, id, List.of(head, "part_nosuch"), null), 400, "part_ids");
        assertRefused(complete(ALICE, id, List.of(head, head), null), 400, "part_ids");
        assertRefused(post(ALICE, "/v1/uploads/" + id + "/complete", "{}"), 400, "part_ids");

        String tail = part(ALICE, id, content.substring(10));
        assertRefused(complete(ALICE, id, List.of(head, tail), "0123456789abcdef0123456789abcdef"), 400, "md5");
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        HttpAnswer completed = complete(ALICE, id, List.of(head, tail), md5);
        assertEquals(200, completed.status(), completed.bodyText());
        assertEquals(bytes.length, read(completed).path("file").path("bytes").asLong());
    }

    @Test
    void aCancelledUploadTakesNoMorePartsAndItsPartsAreDeleted() throws Exception {
        String id = created(ALICE, 100).path("id").asText();
        String part = part(ALICE, id, line("a"));
        assertEquals(1, partObjects());

        HttpAnswer cancelled = post(ALICE, "/v1/uploads/" + id + "/cancel", null);

        assertEquals(200, cancelled.status(), cancelled.bodyText());
        assertEquals("cancelled", read(cancelled).path("status").asText());
        assertTrue(read(cancelled).path("file").isNull());
        assertEquals(0, partObjects());
        assertRefused(addPart(ALICE, id, line("b").getBytes(StandardCharsets.UTF_8)), 400, null);
        assertRefused(complete(ALICE, id, List.of(part), null), 400, null);
    }

    @Test
    void anUploadPastItsHourIsExpired() throws Exception {
        String content = line("a");
        String id = created(ALICE, content.length()).path("id").asText();
        String part = part(ALICE, id, content);

        clock.advance(Duration.ofHours(1));

        HttpAnswer late = addPart(ALICE, id, content.getBytes(StandardCharsets.UTF_8));
        assertRefused(late, 400, null);
        assertTrue(read(late).path("error").path("message").asText().contains("expired"), late.bodyText());
        assertRefused(complete(ALICE, id, List.of(part), null), 400, null);
    }

    @Test
    void anotherCallersUploadIsNotFound() throws Exception {
        String content = line("a");
        String id = created(ALICE, content.length()).path("id").asText();
        String part = part(ALICE, id, content);

        assertRefused(addPart(BOB, id, content.getBytes(StandardCharsets.UTF_8)), 404, null);
        assertRefused(complete(BOB, id, List.of(part), null), 404, null);
        assertRefused(post(BOB, "/v1/uploads/" + id + "/cancel", null), 404, null);
        assertRefused(post(ALICE, "/v1/uploads/upload_nosuch/cancel", null), 404, null);

        HttpAnswer completed = complete(ALICE, id, List.of(part), null);
        assertEquals(200, completed.status(), "bob's calls left alice's upload as it was: " + completed.bodyText());
    }

    @Test
    void badInputIsA4xxNamingTheField() throws Exception {
        String create = "{\"filename\":\"f.jsonl\",\"purpose\":\"%s\",\"bytes\":%s,\"mime_type\":\"%s\"}";
        assertRefused(post(ALICE, "/v1/uploads", create.formatted("fine-tune", "10", "application/jsonl")), 400, "purpose");
        assertRefused(post(ALICE, "/v1/uploads", create.formatted("batch", "209715201", "application/jsonl")), 400, "bytes");
        assertRefused(post(ALICE, "/v1/uploads", create.formatted("batch", "0", "application/jsonl")), 400, "bytes");
        assertRefused(post(ALICE, "/v1/uploads", create.formatted("batch", "\"ten\"", "application/jsonl")), 400, "bytes");
        assertRefused(post(ALICE, "/v1/uploads", create.formatted("batch", "10", "image/png")), 400, "mime_type");
        assertRefused(post(ALICE, "/v1/uploads", "{\"purpose\":\"batch\",\"bytes\":10,\"mime_type\":\"text/jsonl\"}"),
                400, "filename");
        assertRefused(post(ALICE, "/v1/uploads", "{not json"), 400, null);
        assertEquals(200, post(ALICE, "/v1/uploads", create.formatted("batch", "209715200", "text/jsonl")).status(),
                "200 MB, the batch file limit, is allowed");

        String id = created(ALICE, 10).path("id").asText();
        HttpAnswer noData = gateway.handle(new HttpCall("POST", "/v1/uploads/" + id + "/parts",
                headers(ALICE, "multipart/form-data; boundary=" + BOUNDARY), ("--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.UTF_8)));
        assertRefused(noData, 400, "data");
        assertRefused(post(ALICE, "/v1/uploads/" + id + "/parts", "{}"), 400, null);
        assertRefused(post(ALICE, "/v1/uploads/" + id + "/complete", "{\"part_ids\":\"part_1\"}"), 400, "part_ids");
        assertRefused(post(ALICE, "/v1/uploads/" + id + "/nothing", null), 404, null);
    }
}
