package io.llmrouter.gateway;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.providers.ProviderStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Priming (before a SnapStart snapshot) runs the request path short of the network: it reads the
 * routing state once, sends nothing to any target and writes nothing, and leaves a snapshot the first
 * real request can route on without another read.
 */
class PrimingTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    @Test
    void primingReadsTheStateOnceAndSendsAndWritesNothing() throws Exception {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        try (ProviderStub anthropic = ProviderStub.anthropic("sk-ant");
             ProviderStub openAi = ProviderStub.openAi("sk-openai")) {
            RouterConfig config = ConfigLoader.fromYaml("""
                    router: {routingStrategy: cost}
                    clusters:
                      - {name: down-cluster, endpoint: "http://127.0.0.1:1", costPerHour: 0.09}
                    externalProviders:
                      - {name: anthropic, type: anthropic, apiKey: sk-ant, baseUrl: "%s", defaultModel: claude-3-7-sonnet-20250219}
                      - {name: openai, type: openai, apiKey: sk-openai, baseUrl: "%s", defaultModel: gpt-4o-mini}
                    store: {tableName: %s, snapshotRefresh: 1h, maxSnapshotStaleness: 2h}
                    """.formatted(anthropic.baseUrl(), openAi.baseUrl(), dynamo.tableName()), Map.of());
            ApiCallCounter calls = new ApiCallCounter();
            try (var client = dynamo.newClient(calls)) {
                var store = new DynamoRoutingStateStore(client, config.store());
                store.putCost(new CostRecord("openai", "gpt-4o-mini", 0.00015, 0.0006, null, null, 128_000,
                        CostBasis.PRICE_FEED, "test", Instant.now()));
                RouterGateway gateway = RouterGateway.assemble(config, store, ForwardSettings.defaults(), Clock.systemUTC());
                calls.reset();

                gateway.prime();

                assertEquals(1, calls.total(), "priming reads the routing state once and writes nothing");
                assertEquals(1, calls.count("Query"));
                assertTrue(anthropic.received().isEmpty(), "nothing is sent to a provider");
                assertTrue(openAi.received().isEmpty(), "nothing is sent to a provider");

                HttpAnswer answer = gateway.handle(new HttpCall("POST", "/v1/chat/completions",
                        Map.of("content-type", "application/json"),
                        "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes(StandardCharsets.UTF_8)));
                assertEquals(200, answer.status(), answer.bodyText());
                assertEquals("openai", answer.headers().get("x-router-target"));
                assertEquals(1, calls.total(), "the first request routes on the primed snapshot");
                assertEquals(1, openAi.received().size());
            }
        }
    }
}
