package io.llmrouter.keys;

import io.llmrouter.config.Budget;
import io.llmrouter.config.BudgetPeriod;
import io.llmrouter.config.RateLimits;
import io.llmrouter.state.StateTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@link ApiKey} as a DynamoDB item: every field a native attribute (instants as N epoch milliseconds,
 * tags as M, lists as L), an unset field an absent attribute, so that items read plainly in the console.
 */
final class KeyItemMapper {

    static final String ID = "id";
    static final String SECRET_SHA256 = "secretSha256";

    /**
     * Every attribute {@link #toItem} may leave out: a conditional replace checks that each one absent from the
     * key it read is still absent. A new field of {@link ApiKey} that may be unset belongs here.
     */
    static final List<String> OPTIONAL = List.of("name", "team", "tags", "models", "targets", "budgetUsd",
            "budgetPeriod", "rpm", "tpm", "expiresAt", "revokedAt");

    private KeyItemMapper() {
    }

    static Map<String, AttributeValue> toItem(ApiKey key, String partitionKey) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(StateTable.PARTITION_KEY, AttributeValue.fromS(partitionKey));
        item.put(StateTable.SORT_KEY, AttributeValue.fromS(StateTable.keySortKey(key.id())));
        item.put(ID, AttributeValue.fromS(key.id()));
        item.put(SECRET_SHA256, AttributeValue.fromS(key.secretSha256()));
        putString(item, "name", key.name());
        putString(item, "team", key.team());
        if (!key.tags().isEmpty()) {
            Map<String, AttributeValue> tags = new HashMap<>();
            key.tags().forEach((k, v) -> tags.put(k, AttributeValue.fromS(v)));
            item.put("tags", AttributeValue.fromM(tags));
        }
        putStrings(item, "models", key.models());
        putStrings(item, "targets", key.targets());
        if (key.budget() != null) {
            item.put("budgetUsd", AttributeValue.fromN(BigDecimal.valueOf(key.budget().usd()).toPlainString()));
            item.put("budgetPeriod", AttributeValue.fromS(key.budget().period().wireName()));
        }
        if (key.limits() != null) {
            putNumber(item, "rpm", key.limits().rpm());
            putNumber(item, "tpm", key.limits().tpm());
        }
        putInstant(item, "expiresAt", key.expiresAt());
        putInstant(item, "createdAt", key.createdAt());
        putInstant(item, "revokedAt", key.revokedAt());
        return item;
    }

    static ApiKey fromItem(Map<String, AttributeValue> item) {
        Map<String, String> tags = new LinkedHashMap<>();
        AttributeValue tagValue = item.get("tags");
        if (tagValue != null && tagValue.hasM()) {
            tagValue.m().forEach((k, v) -> tags.put(k, v.s()));
        }
        Budget budget = null;
        if (item.containsKey("budgetUsd")) {
            budget = new Budget(new BigDecimal(item.get("budgetUsd").n()).doubleValue(),
                    BudgetPeriod.fromWire(string(item, "budgetPeriod")).orElseThrow(
                            () -> new IllegalStateException("unknown budget period " + string(item, "budgetPeriod"))));
        }
        RateLimits limits = new RateLimits(integer(item, "rpm"), integer(item, "tpm"));
        return new ApiKey(string(item, ID), string(item, SECRET_SHA256), string(item, "name"), string(item, "team"),
                tags, strings(item, "models"), strings(item, "targets"), budget, limits, instant(item, "expiresAt"),
                instant(item, "createdAt"), instant(item, "revokedAt"));
    }

    private static void putString(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static void putStrings(Map<String, AttributeValue> item, String name, List<String> values) {
        if (!values.isEmpty()) {
            item.put(name, AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList()));
        }
    }

    private static void putNumber(Map<String, AttributeValue> item, String name, Integer value) {
        if (value != null) {
            item.put(name, AttributeValue.fromN(value.toString()));
        }
    }

    private static void putInstant(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, AttributeValue.fromN(Long.toString(value.toEpochMilli())));
        }
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static List<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    private static Integer integer(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Integer.valueOf(value.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(value.n()));
    }
}
