package io.llmrouter.poller;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.CloudWatchStub;
import io.llmrouter.testing.aws.EventBridgeStub;
import io.llmrouter.testing.aws.LambdaRuntime;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.aws.WarmFootprint;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A warm health-poller, invoked as EventBridge and the Lambda runtime invoke it (a new scheduled event
 * and a new {@code Context} each time), holds nothing per invocation: each one probes a real
 * llama-server, writes its record to DynamoDB Local and publishes its gauges to a loopback CloudWatch.
 * The handler is created as the runtime creates it: no-argument constructor, settings from outside.
 */
class WarmInvocationsTest {

    static final int WARM_UP = 2_000;
    static final int INVOCATIONS = Integer.getInteger("warm.invocations", 100_000);

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    @RegisterExtension
    static final LlamaServerRig llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(1).slots(1)
            .contextSize(512).alias("tiny-random-llama").build();

    @TempDir
    Path dir;

    @Test
    void aHundredThousandInvocationsLeaveNothingBehind() throws Exception {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                router: {healthCheckInterval: 1s}
                clusters:
                  - {name: aws-us-west-2, endpoint: "%s", costPerHour: 0.09}
                store: {tableName: %s}
                """.formatted(llama.baseUri(0), dynamo.tableName()));
        try (EventBridgeStub eventBridge = new EventBridgeStub();
             CloudWatchStub cloudWatch = new CloudWatchStub();
             HealthPollerHandler handler = LambdaRuntime.construct(Map.of(
                     "router.config", config.toString(),
                     "dynamodb.endpoint", dynamo.endpoint().toString(),
                     "event.bus.name", "llm-router",
                     "eventbridge.endpoint", eventBridge.endpoint().toString(),
                     "cloudwatch.endpoint", cloudWatch.endpoint().toString(),
                     "metrics.publish", true,
                     "poll.schedule", "1s"), HealthPollerHandler::new)) {
            WarmFootprint.assertNothingKept("health-poller", handler.applicationContext(), WARM_UP, INVOCATIONS, i -> {
                PollSummary summary = handler.handleRequest(
                        EventLoader.loadScheduledEvent("events/scheduled-health-poll.json"),
                        new TestLambdaContext("health-poller", Duration.ofSeconds(55)));
                if (summary.up() != 1) {
                    throw new AssertionError("invocation " + i + ": " + summary);
                }
                // The loopback CloudWatch keeps what it is sent; only the function's own footprint counts.
                cloudWatch.clear();
            });
        }
    }
}
