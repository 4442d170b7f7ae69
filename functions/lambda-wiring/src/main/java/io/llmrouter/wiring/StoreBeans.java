package io.llmrouter.wiring;

import io.llmrouter.cache.AnswerStore;
import io.llmrouter.cache.DynamoAnswerStore;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.keys.DynamoKeyStore;
import io.llmrouter.keys.KeyStore;
import io.llmrouter.limits.DynamoLimitStore;
import io.llmrouter.limits.LimitStore;
import io.llmrouter.spend.DynamoSpendStore;
import io.llmrouter.spend.SpendStore;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.RoutingStateStore;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * The routing state store, and the API keys, the limit counters, the spend roll-ups and the cached answers kept in
 * the same table
 * (a partition each).
 * {@code STATE_TABLE} (set by the deployment templates to the table they create) wins over {@code store.tableName} in the config, so one config serves several stacks.
 */
@Factory
public class StoreBeans {

    @Singleton
    StoreSettings storeSettings(RouterConfig config, @Value("${state.table:}") String table) {
        return table.isBlank() ? config.store() : config.store().withTable(table);
    }

    @Singleton
    RoutingStateStore routingStateStore(DynamoDbClient dynamo, StoreSettings settings, Clock clock) {
        return new DynamoRoutingStateStore(dynamo, settings, clock);
    }

    @Singleton
    KeyStore keyStore(DynamoDbClient dynamo, StoreSettings settings) {
        return new DynamoKeyStore(dynamo, settings);
    }

    /** The budget and rate-limit counters every instance leases from (a partition of their own). */
    @Singleton
    LimitStore limitStore(DynamoDbClient dynamo, StoreSettings settings) {
        return new DynamoLimitStore(dynamo, settings);
    }

    /** The response cache's answers (a partition of their own); each instance keeps the hot ones in memory too. */
    @Singleton
    AnswerStore answerStore(DynamoDbClient dynamo, StoreSettings settings) {
        return new DynamoAnswerStore(dynamo, settings);
    }

    @Singleton
    SpendStore spendStore(DynamoDbClient dynamo, StoreSettings settings) {
        return new DynamoSpendStore(dynamo, settings);
    }
}
