package io.llmrouter.state;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import static io.llmrouter.state.ItemFields.*;

/**
 * A {@link BreakerState} as an item: one attribute per record component, named after it; the position
 * is stored by its wire name ("closed", "open", "half_open").
 */
final class BreakerItemMapper {

    private BreakerItemMapper() {
    }

    static Map<String, AttributeValue> toItem(BreakerState s, String partitionKey, Duration recordTtl) {
        Instant updatedAt = requireArgument(s.updatedAt(), "updatedAt");
        Map<String, AttributeValue> item = keyedItem(partitionKey, StateTable.breakerSortKey(s.target()),
                updatedAt, recordTtl);
        putString(item, "target", s.target());
        putString(item, "state", requireArgument(s.state(), "state").wireName());
        putWhole(item, "consecutiveFailures", s.consecutiveFailures());
        putInstant(item, "openUntil", s.openUntil());
        putInstant(item, "updatedAt", updatedAt);
        putWhole(item, StateTable.VERSION, s.version());
        putInstant(item, "trialUntil", s.trialUntil());
        return item;
    }

    static BreakerState fromItem(Map<String, AttributeValue> item) {
        String position = requireAttribute(string(item, "state"), "state");
        return new BreakerState(
                requireAttribute(string(item, "target"), "target"),
                BreakerState.Position.valueOf(position.toUpperCase(Locale.ROOT)),
                requireAttribute(intValue(item, "consecutiveFailures"), "consecutiveFailures"),
                instant(item, "openUntil"),
                requireAttribute(instant(item, "updatedAt"), "updatedAt"),
                requireAttribute(longValue(item, StateTable.VERSION), StateTable.VERSION),
                instant(item, "trialUntil"));
    }
}
