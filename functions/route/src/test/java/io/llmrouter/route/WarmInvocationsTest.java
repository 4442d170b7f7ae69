package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.LambdaRuntime;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.aws.WarmFootprint;
import io.llmrouter.testing.providers.ProviderStub;
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
 * A warm route function, called as the Lambda runtime calls it (the same handler, a new event and a new
 * {@code Context} each time), holds nothing per invocation: after 100,000 calls it has the same bean
 * definitions and singletons as after the warm-up, and no more retained heap than noise. The handler is
 * created as the runtime creates it: no-argument constructor, settings from outside.
 */
class WarmInvocationsTest {

    static final int WARM_UP = 5_000;
    static final int INVOCATIONS = Integer.getInteger("warm.invocations", 100_000);
    /** Where the Java runtime puts the invocation's trace header (Powertools reads it from there). */
    static final String TRACE_HEADER = "com.amazonaws.xray.traceHeader";

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    @TempDir
    Path dir;

    @Test
    void aHundredThousandInvocationsLeaveNothingBehind() throws Exception {
        try (ProviderStub openAi = ProviderStub.openAi("sk-openai-test")) {
            StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
            Path config = Files.writeString(dir.resolve("router.yaml"), """
                    router: {routingStrategy: cost}
                    externalProviders:
                      - {name: openai, type: openai, apiKey: sk-openai-test, baseUrl: "%s", defaultModel: gpt-4o-mini}
                    store: {tableName: %s, snapshotRefresh: 1s}
                    """.formatted(openAi.baseUrl(), dynamo.tableName()));
            new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(dynamo.tableName()))
                    .putCost(new CostRecord("openai", "gpt-4o-mini", 0.00015, 0.0006, null, null, 128_000,
                            CostBasis.PRICE_FEED, "test", Instant.now()));
            // What a warm function serves: answers, streams, listings, health checks and refusals.
            List<Call> calls = List.of(
                    new Call("api-chat-completion.json", null, 200),
                    new Call("api-chat-completion-stream.json", null, 200),
                    new Call("api-models.json", null, 200),
                    new Call("api-health.json", null, 200),
                    new Call("api-chat-completion.json", "{\"model\":", 400));
            String traceHeader = System.getProperty(TRACE_HEADER);
            try (RouteHandler handler = LambdaRuntime.construct(Map.of(
                    "router.config", config.toString(), "dynamodb.endpoint", dynamo.endpoint().toString(),
                    // As deployed: an EMF document and a log line per request.
                    "metrics.publish", true), RouteHandler::new)) {
                WarmFootprint.assertNothingKept("route", handler.applicationContext(), WARM_UP, INVOCATIONS, i -> {
                    Call call = calls.get(i % calls.size());
                    // The runtime sets each invocation's own X-Ray trace id: code keyed on it must not keep a thing per id.
                    System.setProperty(TRACE_HEADER, "Root=1-" + Integer.toHexString(i) + "-0;Sampled=0");
                    APIGatewayV2HTTPResponse response = handler.handleRequest(call.event(),
                            new TestLambdaContext("route", Duration.ofSeconds(29)));
                    if (response.getStatusCode() != call.status()) {
                        throw new AssertionError("invocation " + i + " of " + call.file() + ": "
                                + response.getStatusCode() + " " + response.getBody());
                    }
                });
            } finally {
                if (traceHeader == null) {
                    System.clearProperty(TRACE_HEADER);
                } else {
                    System.setProperty(TRACE_HEADER, traceHeader);
                }
            }
        }
    }

    /** One kind of request: a sample event, optionally with another body, and the status it must get. */
    record Call(String file, String body, int status) {

        /** The sample event as the runtime hands it over: a new object each time. */
        APIGatewayV2HTTPEvent event() {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + file);
            if (body != null) {
                event.setBody(body);
            }
            return event;
        }
    }
}
