package io.llmrouter.state;

import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StateTableTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    @Test
    void createsAnOnDemandTableKeyedByPkAndSkWithTtlOnTheTtlAttribute() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());

        TableDescription table = dynamo.client().describeTable(b -> b.tableName(dynamo.tableName())).table();
        Map<String, KeyType> keys = table.keySchema().stream()
                .collect(Collectors.toMap(k -> k.attributeName(), k -> k.keyType()));
        assertEquals(Map.of("pk", KeyType.HASH, "sk", KeyType.RANGE), keys);
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
        TimeToLiveDescription ttl = dynamo.client().describeTimeToLive(b -> b.tableName(dynamo.tableName()))
                .timeToLiveDescription();
        assertEquals(TimeToLiveStatus.ENABLED, ttl.timeToLiveStatus());
        assertEquals("ttl", ttl.attributeName());
    }

    @Test
    void creatingAgainLeavesTheExistingTableAsItIs() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());

        assertEquals(TimeToLiveStatus.ENABLED, dynamo.client().describeTimeToLive(b -> b.tableName(dynamo.tableName()))
                .timeToLiveDescription().timeToLiveStatus());
    }

    @Test
    void keysFollowTheDocumentedLayout() {
        assertEquals("router#prod", StateTable.partitionKey("prod"));
        assertEquals("health#gpu-a", StateTable.healthSortKey("gpu-a"));
        assertEquals("cost#openai#gpt-4o", StateTable.costSortKey("openai", "gpt-4o"));
        assertEquals("cost#gpu-a#*", StateTable.costSortKey("gpu-a", "*"));
        assertEquals("breaker#gpu-a", StateTable.breakerSortKey("gpu-a"));
    }

    @Test
    void aTargetNameWithTheKeySeparatorIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> StateTable.healthSortKey("gpu#a"));
        assertEquals("Target name 'gpu#a' contains '#', which separates the parts of the routing-state keys",
                error.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StateTable.costSortKey("a#b", "c"));
        assertThrows(IllegalArgumentException.class, () -> StateTable.breakerSortKey(" "));
        assertThrows(IllegalArgumentException.class, () -> StateTable.partitionKey(null));
    }
}
