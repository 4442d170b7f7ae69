package io.llmrouter.state;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.llmrouter.state.Records.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublishedSnapshotCodecTest {

    @Test
    void itemsComeBackAsTheyWereWithoutPartitionKeyAndTtl() {
        Map<String, AttributeValue> health = HealthItemMapper.toItem(Records.fullHealth("gpu-1", T0), "router#p",
                Duration.ofHours(24));
        Map<String, AttributeValue> cost = CostItemMapper.toItem(Records.fullCost("openai", "gpt-4o", T0), "router#p",
                Duration.ofHours(24));
        Map<String, AttributeValue> breaker = BreakerItemMapper.toItem(Records.claimedBreaker("gpu-2", T0, 7),
                "router#p", Duration.ofHours(24));

        List<Map<String, AttributeValue>> back = PublishedSnapshotCodec.decode(
                PublishedSnapshotCodec.encode(List.of(health, cost, breaker)));

        assertEquals(List.of(withoutKeyAndTtl(health), withoutKeyAndTtl(cost), withoutKeyAndTtl(breaker)), back);
        assertEquals(Records.fullHealth("gpu-1", T0), HealthItemMapper.fromItem(back.get(0)));
        assertEquals(Records.fullCost("openai", "gpt-4o", T0), CostItemMapper.fromItem(back.get(1)));
        assertEquals(Records.claimedBreaker("gpu-2", T0, 7), BreakerItemMapper.fromItem(back.get(2)));
    }

    @Test
    void numbersKeepDynamoDbsText() {
        Map<String, AttributeValue> item = Map.of("sk", AttributeValue.fromS("cost#x#*"),
                "tiny", AttributeValue.fromN("1.5E-7"), "big", AttributeValue.fromN("12345678901234567890"),
                "flag", AttributeValue.fromBool(false), "none", AttributeValue.fromNul(true),
                "models", AttributeValue.fromL(List.of(AttributeValue.fromS("a"), AttributeValue.fromS("b \"q\""))));

        Map<String, AttributeValue> back = PublishedSnapshotCodec.decode(PublishedSnapshotCodec.encode(List.of(item)))
                .get(0);

        assertEquals(item, back);
        assertEquals("1.5E-7", back.get("tiny").n());
    }

    @Test
    void twoHundredTargetsPackIntoAFractionOfTheirSize() {
        List<Map<String, AttributeValue>> items = new java.util.ArrayList<>();
        int raw = 0;
        for (int i = 0; i < 200; i++) {
            items.add(HealthItemMapper.toItem(Records.fullHealth("gpu-" + i, T0), "router#p", Duration.ofHours(24)));
            items.add(CostItemMapper.toItem(Records.fullCost("gpu-" + i, "*", T0), "router#p", Duration.ofHours(24)));
            items.add(BreakerItemMapper.toItem(Records.openBreaker("gpu-" + i, T0, 1), "router#p", Duration.ofHours(24)));
        }
        for (Map<String, AttributeValue> item : items) {
            raw += item.toString().length();
        }

        int packed = PublishedSnapshotCodec.encode(items).asByteArrayUnsafe().length;

        assertTrue(packed * 5 < raw, "packed " + packed + " bytes of " + raw);
    }

    @Test
    void garbageIsRefusedNotHalfRead() {
        SdkBytes notGzip = SdkBytes.fromUtf8String("[{\"sk\":\"health#a\"}]");
        byte[] whole = PublishedSnapshotCodec.encode(List.of(Map.of("sk", AttributeValue.fromS("health#a")),
                Map.of("sk", AttributeValue.fromS("health#b")))).asByteArray();
        SdkBytes truncated = SdkBytes.fromByteArray(java.util.Arrays.copyOf(whole, whole.length - 12));

        assertThrows(IllegalArgumentException.class, () -> PublishedSnapshotCodec.decode(notGzip));
        assertThrows(IllegalArgumentException.class, () -> PublishedSnapshotCodec.decode(truncated));
        assertFalse(PublishedSnapshotCodec.decode(SdkBytes.fromByteArray(whole)).isEmpty());
    }

    private static Map<String, AttributeValue> withoutKeyAndTtl(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.remove(StateTable.PARTITION_KEY);
        copy.remove(StateTable.TTL);
        return copy;
    }
}
