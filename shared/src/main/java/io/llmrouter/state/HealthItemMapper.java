package io.llmrouter.state;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static io.llmrouter.state.ItemFields.*;

/** A {@link HealthRecord} as an item: one attribute per record component, named after it. */
final class HealthItemMapper {

    private HealthItemMapper() {
    }

    static Map<String, AttributeValue> toItem(HealthRecord r, String partitionKey, Duration recordTtl) {
        Instant observedAt = requireArgument(r.observedAt(), "observedAt");
        Map<String, AttributeValue> item = keyedItem(partitionKey, StateTable.healthSortKey(r.target()),
                observedAt, recordTtl);
        putString(item, "target", r.target());
        putBoolean(item, "up", r.up());
        putString(item, "reason", r.reason());
        putInstant(item, StateTable.OBSERVED_AT, observedAt);
        putWhole(item, "probeLatencyMs", r.probeLatencyMs());
        putDouble(item, "generationTokensPerSecond", r.generationTokensPerSecond());
        putDouble(item, "promptTokensPerSecond", r.promptTokensPerSecond());
        putDouble(item, "generatedTokensTotal", r.generatedTokensTotal());
        putDouble(item, "generationSecondsTotal", r.generationSecondsTotal());
        putWhole(item, "requestsProcessing", r.requestsProcessing());
        putWhole(item, "requestsDeferred", r.requestsDeferred());
        putWhole(item, "busySlots", r.busySlots());
        putWhole(item, "totalSlots", r.totalSlots());
        putWhole(item, "contextWindow", r.contextWindow());
        putStrings(item, "servedModels", r.servedModels());
        putString(item, "restartMarker", r.restartMarker());
        return item;
    }

    static HealthRecord fromItem(Map<String, AttributeValue> item) {
        return new HealthRecord(
                requireAttribute(string(item, "target"), "target"),
                requireAttribute(bool(item, "up"), "up"),
                string(item, "reason"),
                requireAttribute(instant(item, StateTable.OBSERVED_AT), StateTable.OBSERVED_AT),
                longValue(item, "probeLatencyMs"),
                doubleValue(item, "generationTokensPerSecond"),
                doubleValue(item, "promptTokensPerSecond"),
                doubleValue(item, "generatedTokensTotal"),
                doubleValue(item, "generationSecondsTotal"),
                intValue(item, "requestsProcessing"),
                intValue(item, "requestsDeferred"),
                intValue(item, "busySlots"),
                intValue(item, "totalSlots"),
                intValue(item, "contextWindow"),
                strings(item, "servedModels"),
                string(item, "restartMarker"));
    }
}
