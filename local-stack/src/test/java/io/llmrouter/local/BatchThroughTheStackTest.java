package io.llmrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.batches.Batch;
import com.openai.models.batches.BatchCreateParams;
import com.openai.models.batches.BatchRequestCounts;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.uploads.Upload;
import com.openai.models.uploads.UploadCompleteParams;
import com.openai.models.uploads.UploadCreateParams;
import com.openai.models.uploads.parts.PartCreateParams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 200-request batch through {@code ./run-local}'s stack with the official OpenAI Java SDK, unchanged: the file
 * uploaded with {@code files().create}, the batch made, watched and read back with {@code batches()} and
 * {@code files().content}, or sent in parts with {@code uploads()}. The demo clusters are idle, so every request runs in their free slots; a second batch
 * loses its runner half-way and finishes under a new one, with nothing lost or run twice.
 */
class BatchThroughTheStackTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int REQUESTS = 200;
    static final Duration PATIENCE = Duration.ofMinutes(3);

    @TempDir
    static Path work;
    static LocalDeployment stack;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        // Short leases, so that the items a killed runner held are claimed again within the test.
        System.setProperty("batch.lease", "4s");
        stack = DemoStack.start(work);
        Assumptions.assumeTrue(stack.servesBatches(), "s3rver is not installed: run `npm ci` in s3-server (./run-tests does)");
        client = OpenAIOkHttpClient.builder().baseUrl(DemoStack.base(stack) + "/v1").apiKey("not-needed-locally")
                .maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        System.clearProperty("batch.lease");
        if (client != null) {
            client.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    static byte[] requests(String prefix) {
        return requests(prefix, REQUESTS);
    }

    static byte[] requests(String prefix, int count) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append("{\"custom_id\":\"").append(prefix).append(i).append("\",\"method\":\"POST\",")
                    .append("\"url\":\"/v1/chat/completions\",\"body\":{\"model\":\"auto\",\"max_tokens\":4,")
                    .append("\"messages\":[{\"role\":\"user\",\"content\":\"Count to ").append(i).append("\"}]}}\n");
        }
        return lines.toString().getBytes(StandardCharsets.UTF_8);
    }

    Batch submit(String prefix) {
        FileObject file = client.files().create(FileCreateParams.builder().file(requests(prefix))
                .purpose(FilePurpose.BATCH).build());
        assertEquals(FileObject.Purpose.BATCH, file.purpose());
        file.validate();
        return client.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
    }

    Batch await(String id, Predicate<Batch> done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Batch batch = client.batches().retrieve(id);
        while (!done.test(batch) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            batch = client.batches().retrieve(id);
        }
        return batch;
    }

    /** Each custom_id of the output file with how often it appears. */
    Map<String, Integer> outputIds(Batch batch) throws Exception {
        Map<String, Integer> ids = new HashMap<>();
        try (HttpResponse content = client.files().content(batch.outputFileId().orElseThrow());
             InputStream body = content.body()) {
            for (String line : new String(body.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                JsonNode answer = JSON.readTree(line);
                assertEquals(200, answer.path("response").path("status_code").asInt(), line);
                assertEquals("chat.completion", answer.path("response").path("body").path("object").asText(), line);
                ids.merge(answer.path("custom_id").asText(), 1, Integer::sum);
            }
        }
        return ids;
    }

    static Map<String, Integer> byTarget(Batch batch) throws Exception {
        JsonNode cost = JSON.readTree(JSON.writeValueAsString(batch._additionalProperties().get("cost")));
        Map<String, Integer> byTarget = new TreeMap<>();
        cost.path("requests_by_target").properties().forEach(e -> byTarget.put(e.getKey(), e.getValue().asInt()));
        return byTarget;
    }

    @Test
    void aBatchOfTwoHundredCompletesOnTheIdleClustersWithEveryCustomIdOnce() throws Exception {
        Batch created = submit("a-");
        assertEquals(Batch.Status.VALIDATING, created.status());

        Batch batch = await(created.id(), b -> Batch.Status.COMPLETED.equals(b.status()) || Batch.Status.FAILED.equals(b.status()));

        assertEquals(Batch.Status.COMPLETED, batch.status(), batch.toString());
        batch.validate();
        BatchRequestCounts counts = batch.requestCounts().orElseThrow();
        assertEquals(REQUESTS, counts.total());
        assertEquals(REQUESTS, counts.completed());
        assertEquals(0, counts.failed());
        assertTrue(batch.errorFileId().isEmpty());
        Map<String, Integer> ids = outputIds(batch);
        assertEquals(REQUESTS, ids.size());
        assertTrue(ids.values().stream().allMatch(n -> n == 1), "every custom_id exactly once");
        // The three demo clusters are idle (2 slots each, one kept for live traffic): the batch fills their free
        // slots, all of them, and goes nowhere else.
        Map<String, Integer> byTarget = byTarget(batch);
        assertEquals(Set.copyOf(LocalDeployment.DEMO_CLUSTERS), byTarget.keySet(), byTarget.toString());
        assertEquals(REQUESTS, byTarget.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(batch.completedAt().isPresent() && batch.inProgressAt().isPresent());
    }

    @Test
    void aRunnerKilledHalfWayLosesNothingAndANewOneFinishesTheBatch() throws Exception {
        Batch created = submit("k-");
        Batch halfway = await(created.id(), b -> b.requestCounts().map(c -> c.completed() >= REQUESTS / 2).orElse(false));
        stack.killBatchRunner();
        try {
            long doneAtDeath = client.batches().retrieve(created.id()).requestCounts().orElseThrow().completed();
            assertEquals(Batch.Status.IN_PROGRESS, halfway.status());
            assertTrue(doneAtDeath < REQUESTS, "killed half-way: " + doneAtDeath);
            Thread.sleep(1500);
            Batch whileDead = client.batches().retrieve(created.id());
            assertEquals(Batch.Status.IN_PROGRESS, whileDead.status());
            assertEquals(doneAtDeath, whileDead.requestCounts().orElseThrow().completed(), "nothing runs while no runner does");
        } finally {
            stack.startBatchRunner();
        }
        Batch batch = await(created.id(), b -> Batch.Status.COMPLETED.equals(b.status()));

        assertEquals(Batch.Status.COMPLETED, batch.status(), batch.toString());
        assertEquals(REQUESTS, batch.requestCounts().orElseThrow().completed());
        Map<String, Integer> ids = outputIds(batch);
        assertEquals(REQUESTS, ids.size());
        assertTrue(ids.values().stream().allMatch(n -> n == 1), "every custom_id exactly once");
    }

    @Test
    void filesAreListedAndDeletedThroughTheSdk() {
        FileObject file = client.files().create(FileCreateParams.builder().file(requests("d-")).purpose(FilePurpose.BATCH)
                .build());
        assertTrue(client.files().list().data().stream().anyMatch(f -> f.id().equals(file.id())));

        com.openai.models.files.FileDeleted deleted = client.files().delete(file.id());

        assertTrue(deleted.deleted());
        assertEquals(file.id(), deleted.id());
        assertTrue(client.files().list().data().stream().noneMatch(f -> f.id().equals(file.id())));
        assertThrows(com.openai.errors.NotFoundException.class, () -> client.files().retrieve(file.id()));
    }

    @Test
    void aWrongEndpointIsA400ThroughTheSdk() {
        FileObject file = client.files().create(FileCreateParams.builder().file(requests("e-")).purpose(FilePurpose.BATCH).build());
        BadRequestException refused = assertThrows(BadRequestException.class, () -> client.batches().create(
                BatchCreateParams.builder().inputFileId(file.id()).endpoint(BatchCreateParams.Endpoint.V1_EMBEDDINGS)
                        .completionWindow(BatchCreateParams.CompletionWindow._24H).build()));
        assertEquals("endpoint", refused.param().orElseThrow());
    }

    @Test
    void aFileUploadedInPartsThroughTheSdkRunsAsABatch() throws Exception {
        int requests = 12;
        byte[] content = requests("u-", requests);
        Upload upload = client.uploads().create(UploadCreateParams.builder().filename("parts.jsonl")
                .purpose(FilePurpose.BATCH).bytes(content.length).mimeType("application/jsonl").build());
        assertEquals(Upload.Status.PENDING, upload.status());

        // Cut mid-line, as a client cutting a large file into 6 MB parts does; sent last part first.
        int[] cuts = {0, content.length / 3, 2 * content.length / 3, content.length};
        List<String> partIds = new ArrayList<>();
        for (int part = 2; part >= 0; part--) {
            partIds.add(0, client.uploads().parts().create(PartCreateParams.builder().uploadId(upload.id())
                    .data(Arrays.copyOfRange(content, cuts[part], cuts[part + 1])).build()).id());
        }
        Upload completed = client.uploads().complete(UploadCompleteParams.builder().uploadId(upload.id())
                .partIds(partIds).build());

        assertEquals(Upload.Status.COMPLETED, completed.status());
        completed.validate();
        FileObject file = completed.file().orElseThrow();
        assertEquals(content.length, file.bytes());
        Batch created = client.batches().create(BatchCreateParams.builder().inputFileId(file.id())
                .endpoint(BatchCreateParams.Endpoint.V1_CHAT_COMPLETIONS)
                .completionWindow(BatchCreateParams.CompletionWindow._24H).build());
        Batch batch = await(created.id(), b -> Batch.Status.COMPLETED.equals(b.status()) || Batch.Status.FAILED.equals(b.status()));
        assertEquals(Batch.Status.COMPLETED, batch.status(), batch.toString());
        assertEquals(requests, batch.requestCounts().orElseThrow().completed());
        assertEquals(requests, outputIds(batch).size(), "every line of every part became one request");
    }
}
