package io.llmrouter.limits;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.state.StateTable;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The limit counters in the routing-state table, partition {@code limits#<partition>} (see {@link StateTable}):
 * {@code budget#<subject>#<period>} with {@code leased} and {@code spent} (N, dollars), and
 * {@code rate#<subject>#<window>} with {@code requests} and {@code tokens} (N). Each lease is one UpdateItem whose
 * condition keeps the counter within its limit; a refused one returns the counter as it stands (read from
 * the failed condition, so a refusal costs no second call).
 */
public final class DynamoLimitStore implements LimitStore {

    private static final AttributeValue ZERO = AttributeValue.fromN("0");

    private final DynamoDbClient dynamo;
    private final String tableName;
    private final String partitionKey;

    public DynamoLimitStore(DynamoDbClient dynamo, StoreSettings settings) {
        this.dynamo = dynamo;
        this.tableName = settings.tableName();
        this.partitionKey = StateTable.limitsPartitionKey(settings.partition());
    }

    @Override
    public BudgetGrant leaseBudget(String subject, String period, double limit, double lease, double debt,
                                   double settle, Instant expiresAt) {
        Map<String, String> names = new HashMap<>(Map.of("#leased", "leased", "#spent", "spent", "#limit", "limitUsd"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":zero", ZERO, ":add", usd(lease + debt),
                ":settle", usd(settle), ":limit", usd(limit)));
        StringBuilder update = new StringBuilder(
                "SET #leased = if_not_exists(#leased, :zero) + :add, #spent = if_not_exists(#spent, :zero) + :settle, "
                        + "#limit = :limit");
        expiry(expiresAt, update, names, values);
        String condition = null;
        if (lease > 0) {
            // DynamoDB conditions cannot add: "leased + add <= limit" is written "leased <= limit - add".
            condition = "attribute_not_exists(#leased) OR #leased <= :ceiling";
            values.put(":ceiling", usd(limit - lease - debt));
        }
        Written written = update("budget#" + subject + "#" + period, update.toString(), condition, names, values);
        return new BudgetGrant(written.granted(), budgetCount(written.item()));
    }

    @Override
    public RateGrant leaseRate(String subject, long window, Integer rpm, Integer tpm, long requests, long tokens,
                               Instant expiresAt) {
        Map<String, String> names = new HashMap<>(Map.of("#requests", "requests", "#tokens", "tokens"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":zero", ZERO,
                ":requests", AttributeValue.fromN(Long.toString(requests)),
                ":tokens", AttributeValue.fromN(Long.toString(tokens))));
        StringBuilder update = new StringBuilder("SET #requests = if_not_exists(#requests, :zero) + :requests, "
                + "#tokens = if_not_exists(#tokens, :zero) + :tokens");
        expiry(expiresAt, update, names, values);
        StringBuilder condition = new StringBuilder();
        if (rpm != null && requests > 0) {
            condition.append("(attribute_not_exists(#requests) OR #requests <= :requestCeiling)");
            values.put(":requestCeiling", AttributeValue.fromN(Long.toString(rpm - requests)));
        }
        if (tpm != null && tokens > 0) {
            condition.append(condition.isEmpty() ? "" : " AND ")
                    .append("(attribute_not_exists(#tokens) OR #tokens <= :tokenCeiling)");
            values.put(":tokenCeiling", AttributeValue.fromN(Long.toString(tpm - tokens)));
        }
        Written written = update("rate#" + subject + "#" + window, update.toString(),
                condition.isEmpty() ? null : condition.toString(), names, values);
        return new RateGrant(written.granted(), rateCount(written.item()));
    }

    /** Whether the update was made, and the item after it (or as it stands, when its condition failed). */
    private record Written(boolean granted, Map<String, AttributeValue> item) {
    }

    private Written update(String sortKey, String update, String condition,
                                                           Map<String, String> names,
                                                           Map<String, AttributeValue> values) {
        Map<String, AttributeValue> key = Map.of(StateTable.PARTITION_KEY, AttributeValue.fromS(partitionKey),
                StateTable.SORT_KEY, AttributeValue.fromS(sortKey));
        UpdateItemRequest.Builder request = UpdateItemRequest.builder().tableName(tableName).key(key)
                .updateExpression(update).expressionAttributeNames(names).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW);
        if (condition != null) {
            request.conditionExpression(condition)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        }
        try {
            return new Written(true, dynamo.updateItem(request.build()).attributes());
        } catch (ConditionalCheckFailedException refused) {
            return new Written(false, refused.hasItem() ? refused.item() : read(key));
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the limit counters cannot be written: " + e.getMessage(), e);
        }
    }

    /** Where DynamoDB does not return the item with a failed condition. */
    private Map<String, AttributeValue> read(Map<String, AttributeValue> key) {
        try {
            return dynamo.getItem(b -> b.tableName(tableName).key(key).consistentRead(true)).item();
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the limit counters cannot be read: " + e.getMessage(), e);
        }
    }

    private static void expiry(Instant expiresAt, StringBuilder update, Map<String, String> names,
                               Map<String, AttributeValue> values) {
        if (expiresAt != null) {
            update.append(", #ttl = :ttl");
            names.put("#ttl", StateTable.TTL);
            values.put(":ttl", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        }
    }

    /** Dollars to ten decimals: a millionth of a cent, well below any request's cost, and exact in DynamoDB. */
    private static AttributeValue usd(double value) {
        return AttributeValue.fromN(BigDecimal.valueOf(value).setScale(10, RoundingMode.HALF_UP).toPlainString());
    }

    private static BudgetCount budgetCount(Map<String, AttributeValue> item) {
        return new BudgetCount(number(item, "leased"), number(item, "spent"));
    }

    private static RateCount rateCount(Map<String, AttributeValue> item) {
        return new RateCount((long) number(item, "requests"), (long) number(item, "tokens"));
    }

    private static double number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null || value.n() == null ? 0 : Double.parseDouble(value.n());
    }
}
