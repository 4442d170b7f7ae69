package io.llmrouter.batchrunner;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.batch.Batch;
import io.llmrouter.batch.BatchFile;
import io.llmrouter.batch.BatchRunner;
import io.llmrouter.batch.BatchService;
import io.llmrouter.batch.BatchStatus;
import io.llmrouter.batch.RequestCounts;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.spend.DynamoSpendStore;
import io.llmrouter.spend.SpendDimension;
import io.llmrouter.spend.SpendGranularity;
import io.llmrouter.spend.SpendLine;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.S3Server;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import io.llmrouter.testing.aws.StdoutCapture;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch runner as Lambda runs it, on the router's real request path: DynamoDB Local, batch files on a real S3
 * server, two real llama-servers. One cluster is idle, the other has a queue: every request runs on the idle one,
 * each is priced, and the batch reports what the same requests would have cost at the savings baseline.
 */
class BatchRunnerHandlerTest {

    /** Whose batches these are: an open router's one caller. */
    static final String CALLER = io.llmrouter.batch.Batch.ANONYMOUS;

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    @RegisterExtension
    static final LlamaServerRig llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(2).slots(3)
            .contextSize(1024).alias("tiny-random-llama").build();

    static final ObjectMapper JSON = new ObjectMapper();
    static final int REQUESTS = 24;

    @TempDir
    static Path dir;
    static S3Server s3;
    BatchRunnerHandler handler;
    DynamoRoutingStateStore store;

    @BeforeAll
    static void startS3() throws Exception {
        Assumptions.assumeTrue(S3Server.available(), "s3rver is not installed: run `npm ci` in s3-server (./run-tests does)");
        s3 = S3Server.start(dir.resolve("s3"), "llm-router-batches");
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    @BeforeEach
    void deploy() throws Exception {
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                router: {routingStrategy: cost, savingsBaseline: openai/gpt-4o}
                clusters:
                  - {name: idle-cluster, endpoint: "%s", costPerHour: 0.0928}
                  - {name: busy-cluster, endpoint: "%s", costPerHour: 0.0100}
                externalProviders:
                  - {name: openai, type: openai, apiKey: sk-test, baseUrl: "http://127.0.0.1:9/v1", defaultModel: gpt-4o}
                store: {tableName: %s, snapshotRefresh: 1s}
                """.formatted(llama.baseUri(0), llama.baseUri(1), table));
        store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table));
        Instant now = Instant.now();
        // busy-cluster is the cheaper one, and live traffic would go there: but its slots are full and a request waits.
        store.putHealth(new HealthRecord("idle-cluster", true, "ok", now, 3L, 15.0, 100.0, null, null, 0, 0, 0, 3,
                512, List.of("tiny-random-llama"), "m"));
        store.putHealth(new HealthRecord("busy-cluster", true, "ok", now, 3L, 15.0, 100.0, null, null, 3, 1, 3, 3,
                512, List.of("tiny-random-llama"), "m"));
        store.putCost(new CostRecord("idle-cluster", CostRecord.ANY_MODEL, 0.0017, 0.0017, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
        store.putCost(new CostRecord("busy-cluster", CostRecord.ANY_MODEL, 0.0002, 0.0002, null, 15.0, null,
                CostBasis.LIVE_THROUGHPUT, "test", now));
        store.putCost(new CostRecord("openai", "gpt-4o", 0.0025, 0.01, null, null, null, CostBasis.PRICE_FEED, "test", now));
        handler = new BatchRunnerHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", config.toString(),
                "dynamodb.endpoint", dynamo.endpoint().toString(),
                "batch.bucket", "llm-router-batches",
                "s3.endpoint", s3.endpoint().toString(),
                "s3.access-key-id", S3Server.ACCESS_KEY_ID,
                "s3.secret-access-key", S3Server.SECRET_ACCESS_KEY,
                "forward.total-budget", "10s",
                // As deployed: an EMF document per batch request (function tests run with publishing off).
                "metrics.publish", true)));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (handler != null) {
            handler.close();
        }
    }

    @Test
    void aBatchRunsOnTheIdleClusterOnlyAndReportsItsSpendAndTheBaselineCost() throws Exception {
        BatchService batches = handler.applicationContext().getBean(BatchService.class);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < REQUESTS; i++) {
            lines.append("{\"custom_id\":\"q-").append(i).append("\",\"method\":\"POST\",\"url\":\"/v1/chat/completions\",")
                    .append("\"body\":{\"model\":\"auto\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"Say ")
                    .append(i).append("\"}]}}\n");
        }
        BatchFile input = batches.upload(CALLER, "in.jsonl", "batch", lines.toString().getBytes(StandardCharsets.UTF_8));
        Batch created = batches.create(CALLER, JSON.createObjectNode().put("input_file_id", input.id())
                .put("endpoint", "/v1/chat/completions").put("completion_window", "24h"));
        ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-batch-run.json");

        var captured = StdoutCapture.run(() -> {
            Batch latest = created;
            for (int pass = 0; pass < 5 && !latest.status().terminal(); pass++) {
                BatchRunner.Pass done = handler.handleRequest(event,
                        new TestLambdaContext("batch-runner", Duration.ofMinutes(1)));
                assertTrue(done.batches() >= 1);
                latest = batches.batch(CALLER, created.id()).orElseThrow();
            }
            return latest;
        });
        Batch batch = captured.result();

        assertEquals(BatchStatus.COMPLETED, batch.status(), batch.toString());
        assertEquals(new RequestCounts(REQUESTS, REQUESTS, 0), batch.counts());
        assertEquals(Map.of("idle-cluster", REQUESTS), batch.byTarget(), "none on the cluster whose queue is not empty");
        Map<String, Integer> seen = new HashMap<>();
        String output = new String(batches.content(batches.file(CALLER, batch.outputFileId()).orElseThrow()).orElseThrow(),
                StandardCharsets.UTF_8);
        double spend = 0;
        for (String line : output.split("\n")) {
            JsonNode answer = JSON.readTree(line);
            seen.merge(answer.path("custom_id").asText(), 1, Integer::sum);
            JsonNode usage = answer.path("response").path("body").path("usage");
            assertEquals(200, answer.path("response").path("status_code").asInt());
            spend += (usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt()) * 0.0017 / 1000;
        }
        assertEquals(REQUESTS, seen.size());
        assertTrue(seen.values().stream().allMatch(n -> n == 1), seen.toString());
        assertEquals(spend, batch.spendUsd(), 1e-9, "priced from each answer's usage at the cluster's $/1K");
        assertTrue(batch.baselineUsd() > batch.spendUsd(), batch.baselineUsd() + " at gpt-4o vs " + batch.spendUsd());

        // Rolled up with the live requests' spend, by target, written before each invocation returned.
        Instant hour = SpendGranularity.HOUR.bucketStart(Instant.now());
        List<SpendLine> byTarget = new DynamoSpendStore(dynamo.client(), StoreSettings.defaults().withTable(dynamo.tableName()))
                .read(SpendGranularity.HOUR, SpendDimension.TARGET, hour.minus(Duration.ofHours(1)), hour);
        double rolledUp = byTarget.stream().filter(l -> l.key().value().equals("idle-cluster"))
                .mapToDouble(l -> l.amount().usd()).sum();
        long requests = byTarget.stream().filter(l -> l.key().value().equals("idle-cluster"))
                .mapToLong(l -> l.amount().requests()).sum();
        assertEquals(REQUESTS, requests);
        assertEquals(batch.spendUsd(), rolledUp, 1e-9);

        // And counted in CloudWatch as the route function counts its requests, under Function batch-runner.
        List<JsonNode> requestDocuments = captured.emfDocuments().stream().filter(d -> d.has("Target")).toList();
        assertEquals(REQUESTS, requestDocuments.size());
        assertTrue(requestDocuments.stream().allMatch(d -> d.path("Function").asText().equals("batch-runner")
                && d.path("Target").asText().equals("idle-cluster")), requestDocuments.get(0).toString());
        assertEquals(batch.spendUsd(), requestDocuments.stream().mapToDouble(d -> d.path("CostUSD").asDouble()).sum(), 1e-9);
    }
}
