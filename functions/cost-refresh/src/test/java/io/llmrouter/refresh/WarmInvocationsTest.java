package io.llmrouter.refresh;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.CloudWatchStub;
import io.llmrouter.testing.aws.LambdaRuntime;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.aws.WarmFootprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A warm cost-refresh, invoked as EventBridge and the Lambda runtime invoke it (a new scheduled event
 * and a new {@code Context} each time), holds nothing per invocation: each one reads a LiteLLM price
 * feed, prices a cluster from its health record and a provider from the feed, writes both to DynamoDB
 * Local and publishes the gauges to a loopback CloudWatch. The handler is created as the runtime
 * creates it: no-argument constructor, settings from outside.
 */
class WarmInvocationsTest {

    static final int WARM_UP = 2_000;
    static final int INVOCATIONS = Integer.getInteger("warm.invocations", 100_000);

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    @TempDir
    Path dir;

    @Test
    void aHundredThousandInvocationsLeaveNothingBehind() throws Exception {
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        Path feed = Path.of(getClass().getResource("/litellm-model-prices.json").toURI());
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                clusters:
                  - {name: aws-us-west-2, endpoint: "http://127.0.0.1:1", costPerHour: 0.0928, instanceType: t3.large}
                externalProviders:
                  - {name: openai, type: openai, apiKey: test-key, models: [gpt-4o-mini]}
                priceFeeds:
                  - {name: litellm, format: litellm, location: "%s"}
                store: {tableName: %s}
                """.formatted(feed, table));
        new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table))
                .putHealth(new HealthRecord("aws-us-west-2", true, "ok", Instant.now(), 3L, 15.0, null,
                        null, null, 0, 0, 0, 2, 4096, List.of(), "m"));
        try (CloudWatchStub cloudWatch = new CloudWatchStub();
             CostRefreshHandler handler = LambdaRuntime.construct(Map.of(
                     "router.config", config.toString(), "dynamodb.endpoint", dynamo.endpoint().toString(),
                     "cloudwatch.endpoint", cloudWatch.endpoint().toString(), "metrics.publish", true), CostRefreshHandler::new)) {
            WarmFootprint.assertNothingKept("cost-refresh", handler.applicationContext(), WARM_UP, INVOCATIONS, i -> {
                RefreshSummary summary = handler.handleRequest(
                        EventLoader.loadScheduledEvent("events/scheduled-cost-refresh.json"),
                        new TestLambdaContext("cost-refresh", Duration.ofSeconds(60)));
                if (summary.recordsWritten() != 2 || !summary.failedFeeds().isEmpty()) {
                    throw new AssertionError("invocation " + i + ": " + summary);
                }
                // The loopback CloudWatch keeps what it is sent; only the function's own footprint counts.
                cloudWatch.clear();
            });
        }
    }
}
