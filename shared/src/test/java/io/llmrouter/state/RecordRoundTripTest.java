package io.llmrouter.state;

import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.llmrouter.state.Records.RECORD_TTL;
import static io.llmrouter.state.Records.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every record type survives a write and a snapshot load unchanged, unknown fields included. */
class RecordRoundTripTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private DynamoRoutingStateStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        store = new DynamoRoutingStateStore(dynamo.client(), Records.settings(dynamo.tableName(), "rt"),
                new MutableClock(T0));
    }

    @Test
    void healthRecordsRoundTripWithEveryFieldSetOrUnknown() {
        HealthRecord full = Records.fullHealth("gpu-a", T0);
        HealthRecord unknown = Records.unknownHealth("gpu-b", T0);
        assertTrue(store.putHealth(full));
        assertTrue(store.putHealth(unknown));

        RoutingSnapshot snapshot = store.loadSnapshot();

        assertEquals(full, snapshot.health().get("gpu-a"));
        assertEquals(unknown, snapshot.health().get("gpu-b"));
        assertNull(snapshot.health().get("gpu-b").generationTokensPerSecond());
        assertNull(snapshot.health().get("gpu-b").requestsDeferred());
    }

    @Test
    void costRecordsRoundTripWithEveryFieldSetOrUnknown() {
        CostRecord full = Records.fullCost("openai", "gpt-4o-mini", T0);
        CostRecord unknown = Records.unknownCost("gpu-a", T0);
        assertTrue(store.putCost(full));
        assertTrue(store.putCost(unknown));

        RoutingSnapshot snapshot = store.loadSnapshot();

        assertEquals(full, snapshot.costOf("openai", "gpt-4o-mini").orElseThrow());
        assertEquals(unknown, snapshot.costOf("gpu-a", "any-model").orElseThrow());
        assertNull(snapshot.costOf("gpu-a", null).orElseThrow().cachedInputPer1k());
    }

    @Test
    void breakerStatesRoundTripWithEveryFieldSetOrUnknown() {
        BreakerState open = Records.openBreaker("gpu-a", T0, 1);
        BreakerState halfOpen = Records.halfOpenBreaker("gpu-b", T0, 1);
        BreakerState claimed = Records.claimedBreaker("gpu-c", T0, 1);
        assertTrue(store.putBreaker(open, 0));
        assertTrue(store.putBreaker(halfOpen, 0));
        assertTrue(store.putBreaker(claimed, 0));

        RoutingSnapshot snapshot = store.loadSnapshot();

        assertEquals(open, snapshot.breakerOf("gpu-a").orElseThrow());
        assertEquals(halfOpen, snapshot.breakerOf("gpu-b").orElseThrow());
        assertNull(snapshot.breakerOf("gpu-b").orElseThrow().openUntil());
        assertNull(snapshot.breakerOf("gpu-b").orElseThrow().trialUntil());
        assertEquals(claimed, snapshot.breakerOf("gpu-c").orElseThrow());
        assertEquals(T0.plusSeconds(25), snapshot.breakerOf("gpu-c").orElseThrow().trialUntil());
    }

    @Test
    void unknownFieldsAreAbsentAttributesAndKnownOnesAreNativeTypes() {
        store.putHealth(Records.unknownHealth("gpu-b", T0));
        store.putHealth(Records.fullHealth("gpu-a", T0));

        Map<String, AttributeValue> unknown = rawItem("health#gpu-b");
        assertEquals(Set.of("pk", "sk", "ttl", "target", "up", "observedAt"), unknown.keySet());
        Map<String, AttributeValue> full = rawItem("health#gpu-a");
        assertEquals("router#rt", full.get("pk").s());
        assertEquals(true, full.get("up").bool());
        assertEquals(Long.toString(T0.toEpochMilli()), full.get("observedAt").n());
        assertEquals("85.5", full.get("generationTokensPerSecond").n());
        assertEquals("8192", full.get("contextWindow").n());
        assertEquals(List.of("llama-3.1-8b-instruct", "qwen2.5-7b"),
                full.get("servedModels").l().stream().map(AttributeValue::s).toList());
    }

    @Test
    void ttlIsTheObservationTimePlusTheRecordTtlInEpochSeconds() {
        store.putHealth(Records.fullHealth("gpu-a", T0));
        store.putCost(Records.fullCost("openai", "gpt-4o", T0.plusSeconds(60)));
        store.putBreaker(Records.openBreaker("gpu-a", T0.plusSeconds(120), 1), 0);

        assertEquals(T0.plus(RECORD_TTL).getEpochSecond(), ttlOf("health#gpu-a"));
        assertEquals(T0.plusSeconds(60).plus(RECORD_TTL).getEpochSecond(), ttlOf("cost#openai#gpt-4o"));
        assertEquals(T0.plusSeconds(120).plus(RECORD_TTL).getEpochSecond(), ttlOf("breaker#gpu-a"));
    }

    @Test
    void aMetricTheServerCouldNotComputeIsStoredAsUnknown() {
        HealthRecord withNaN = new HealthRecord("gpu-a", true, "ok", T0, 3L, Double.NaN, Double.POSITIVE_INFINITY,
                null, null, null, null, null, null, null, List.of(), null);
        store.putHealth(withNaN);

        HealthRecord loaded = store.loadSnapshot().health().get("gpu-a");

        assertNull(loaded.generationTokensPerSecond());
        assertNull(loaded.promptTokensPerSecond());
        assertEquals(3L, loaded.probeLatencyMs());
    }

    @Test
    void recordsThatCannotBeStoredAreRefusedWithAClearErrorAndNothingIsWritten() {
        HealthRecord noTime = new HealthRecord("gpu-a", true, "ok", null, null, null, null, null, null,
                null, null, null, null, null, List.of(), null);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> store.putHealth(noTime));
        assertEquals("observedAt of a routing-state record must not be null", error.getMessage());

        CostRecord nanPrice = new CostRecord("openai", "gpt-4o", Double.NaN, 0.01, null, null, null,
                io.llmrouter.state.CostBasis.PRICE_FEED, null, T0);
        error = assertThrows(IllegalArgumentException.class, () -> store.putCost(nanPrice));
        assertEquals("inputPer1k must be a finite number, was NaN", error.getMessage());

        assertTrue(dynamo.client().scan(b -> b.tableName(dynamo.tableName())).items().isEmpty());
    }

    private Map<String, AttributeValue> rawItem(String sortKey) {
        return dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).key(Map.of(
                "pk", AttributeValue.fromS("router#rt"), "sk", AttributeValue.fromS(sortKey)))).item();
    }

    private long ttlOf(String sortKey) {
        return Long.parseLong(rawItem(sortKey).get("ttl").n());
    }
}
