package io.llmrouter.benchmarks;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.providers.ProviderStub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What a route function needs around it, on loopback: DynamoDB Local with the state table, an
 * OpenAI-format stand-in as the one target, a router config naming it, and its price in the table.
 * The SDK's region and credentials are set for this JVM (only loopback peers are ever called).
 */
public final class LoopbackDeployment implements AutoCloseable {

    public static final String API_KEY = "sk-bench";

    private final LocalDynamoServer dynamo;
    private final ProviderStub upstream;
    private final Path config;

    private LoopbackDeployment(LocalDynamoServer dynamo, ProviderStub upstream, Path config) {
        this.dynamo = dynamo;
        this.upstream = upstream;
        this.config = config;
    }

    public static LoopbackDeployment start(String table) throws IOException {
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench");
        LocalDynamoServer dynamo = LocalDynamoServer.start();
        ProviderStub upstream = ProviderStub.openAi(API_KEY);
        StateTable.createIfMissing(dynamo.client(), table);
        Path config = Files.writeString(Files.createTempFile(table, ".yaml"), """
                router: {routingStrategy: cost}
                externalProviders:
                  - {name: openai, type: openai, apiKey: %s, baseUrl: "%s", defaultModel: gpt-4o-mini}
                store: {tableName: %s}
                """.formatted(API_KEY, upstream.baseUrl(), table));
        new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table))
                .putCost(new CostRecord("openai", "gpt-4o-mini", 0.00015, 0.0006, null, null, 128_000,
                        CostBasis.PRICE_FEED, "bench", Instant.now()));
        return new LoopbackDeployment(dynamo, upstream, config);
    }

    public LocalDynamoServer dynamo() {
        return dynamo;
    }

    public ProviderStub upstream() {
        return upstream;
    }

    /** The router config file (ROUTER_CONFIG). */
    public Path config() {
        return config;
    }

    @Override
    public void close() throws Exception {
        upstream.close();
        dynamo.close();
    }
}
