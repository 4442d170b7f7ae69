package io.llmrouter.gateway;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A warm route function makes no DynamoDB call per request while its snapshot is fresh. */
class WarmRequestsTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    @RegisterExtension
    static final LlamaServerRig llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(1).slots(2)
            .contextSize(1024).build();

    @Test
    void aThousandWarmRequestsCostOneQuery() throws Exception {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                clusters:
                  - {name: local, endpoint: "%s", costPerHour: 0.09}
                store: {tableName: %s, snapshotRefresh: 1h, maxSnapshotStaleness: 2h}
                """.formatted(llama.baseUri(0), dynamo.tableName()), Map.of());
        ApiCallCounter calls = new ApiCallCounter();
        try (var client = dynamo.newClient(calls)) {
            var store = new DynamoRoutingStateStore(client, config.store());
            store.putHealth(new HealthRecord("local", true, "ok", Instant.now(), 2L, 1000.0, null, null, null,
                    0, 0, 0, 2, 512, List.of(), "m"));
            store.putCost(new CostRecord("local", CostRecord.ANY_MODEL, 0.0001, 0.0001, null, 1000.0, null,
                    CostBasis.LIVE_THROUGHPUT, "test", Instant.now()));
            Clock clock = Clock.systemUTC();
            RouterGateway gateway = RouterGateway.assemble(config, store, ForwardSettings.defaults(), clock);
            byte[] body = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":2}"
                    .getBytes(StandardCharsets.UTF_8);
            calls.reset();

            for (int i = 0; i < 1000; i++) {
                HttpAnswer answer = gateway.handle(new HttpCall("POST", "/v1/chat/completions",
                        Map.of("content-type", "application/json"), body));
                assertEquals(200, answer.status(), answer.bodyText());
            }

            assertEquals(1, calls.total(), "DynamoDB calls for 1,000 warm requests: " + calls.total());
            assertEquals(1, calls.count("Query"));
        }
    }
}
