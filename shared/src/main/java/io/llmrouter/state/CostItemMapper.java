package io.llmrouter.state;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.llmrouter.state.ItemFields.*;

/** A {@link CostRecord} as an item: one attribute per record component, named after it. */
final class CostItemMapper {

    private CostItemMapper() {
    }

    static Map<String, AttributeValue> toItem(CostRecord r, String partitionKey, Duration recordTtl) {
        Instant observedAt = requireArgument(r.observedAt(), "observedAt");
        Map<String, AttributeValue> item = keyedItem(partitionKey, StateTable.costSortKey(r.target(), r.model()),
                observedAt, recordTtl);
        putString(item, "target", r.target());
        putString(item, "model", r.model());
        putRequiredDouble(item, "inputPer1k", r.inputPer1k());
        putRequiredDouble(item, "outputPer1k", r.outputPer1k());
        putDouble(item, "cachedInputPer1k", r.cachedInputPer1k());
        putDouble(item, "tokensPerSecond", r.tokensPerSecond());
        putWhole(item, "contextWindow", r.contextWindow());
        putString(item, "basis", requireArgument(r.basis(), "basis").name());
        putString(item, "source", r.source());
        putDouble(item, "nodePricePerHour", r.nodePricePerHour());
        putInstant(item, StateTable.OBSERVED_AT, observedAt);
        return item;
    }

    static CostRecord fromItem(Map<String, AttributeValue> item) {
        return new CostRecord(
                requireAttribute(string(item, "target"), "target"),
                requireAttribute(string(item, "model"), "model"),
                requireAttribute(doubleValue(item, "inputPer1k"), "inputPer1k"),
                requireAttribute(doubleValue(item, "outputPer1k"), "outputPer1k"),
                doubleValue(item, "cachedInputPer1k"),
                doubleValue(item, "tokensPerSecond"),
                intValue(item, "contextWindow"),
                CostBasis.valueOf(requireAttribute(string(item, "basis"), "basis")),
                string(item, "source"),
                requireAttribute(instant(item, StateTable.OBSERVED_AT), StateTable.OBSERVED_AT),
                doubleValue(item, "nodePricePerHour"));
    }
}
