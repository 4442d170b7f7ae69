package io.llmrouter.cache;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cached answers on the real engine: round trip, TTL, compression, too big, one scope apart from another. */
class DynamoAnswerStoreTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    /** Near the wall clock: DynamoDB Local deletes items whose TTL has passed. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final String FINGERPRINT = "a".repeat(64);

    private DynamoAnswerStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        store = new DynamoAnswerStore(dynamo.client(), new StoreSettings(dynamo.tableName(), "p1",
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24)));
    }

    static CachedAnswer answer(String content) {
        byte[] body = ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + content + "\"},\"finish_reason\":\"stop\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        return new CachedAnswer(body, "openai", "gpt-4o-mini", 12, 34, 0.000123, T0);
    }

    Map<String, AttributeValue> item(String scope) {
        return dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).key(Map.of(
                "pk", AttributeValue.fromS("cache#p1"),
                "sk", AttributeValue.fromS(scope + "#" + FINGERPRINT)))).item();
    }

    @Test
    void anAnswerReadsBackAsItWasKept() {
        CachedAnswer kept = answer("Hello");
        assertTrue(store.put("key:key_1", FINGERPRINT, kept, T0.plusSeconds(300)));

        CachedAnswer read = store.find("key:key_1", FINGERPRINT).orElseThrow();
        assertArrayEquals(kept.body(), read.body());
        assertEquals(new CachedAnswer(read.body(), "openai", "gpt-4o-mini", 12, 34, 0.000123, T0), read);
    }

    @Test
    void theItemExpiresWithItsTtlAndHoldsItsBodyCompressed() {
        CachedAnswer kept = answer("ok ".repeat(2000));
        store.put("key:key_1", FINGERPRINT, kept, T0.plusSeconds(300));

        Map<String, AttributeValue> item = item("key:key_1");
        assertEquals(String.valueOf(T0.plusSeconds(300).getEpochSecond()), item.get("ttl").n());
        byte[] stored = item.get("body").b().asByteArray();
        assertTrue(stored.length < kept.body().length / 10, "compressed to " + stored.length + " bytes");
        assertArrayEquals(kept.body(), Gzip.decompress(stored));
    }

    @Test
    void anAnswerTooBigForOneItemIsNotKept() {
        // Random text barely compresses: well past DynamoDB's 400 KB item limit once stored.
        byte[] noise = new byte[600 * 1024];
        new Random(7).nextBytes(noise);
        CachedAnswer huge = new CachedAnswer(noise, "openai", null, null, null, null, T0);

        assertFalse(store.put("key:key_1", FINGERPRINT, huge, T0.plusSeconds(300)));
        assertTrue(store.find("key:key_1", FINGERPRINT).isEmpty());
    }

    @Test
    void oneScopeNeverReadsAnothersAnswer() {
        store.put("key:key_1", FINGERPRINT, answer("for key 1"), T0.plusSeconds(300));

        assertTrue(store.find("key:key_2", FINGERPRINT).isEmpty());
        assertTrue(store.find("client:ci", FINGERPRINT).isEmpty());
        assertTrue(store.find("key:key_1", "b".repeat(64)).isEmpty());
    }

    @Test
    void unknownCostAndTokensStayUnknown() {
        store.put("anonymous", FINGERPRINT, new CachedAnswer(answer("x").body(), "local", null, null, null, null, T0),
                T0.plusSeconds(60));

        CachedAnswer read = store.find("anonymous", FINGERPRINT).orElseThrow();
        assertEquals(null, read.costUsd());
        assertEquals(null, read.promptTokens());
        assertEquals(null, read.servedModel());
    }
}
