package io.llmrouter.keys;

import io.llmrouter.config.Budget;
import io.llmrouter.config.BudgetPeriod;
import io.llmrouter.config.RateLimits;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys on the real engine: round trip, conditional writes, their own partition. */
class DynamoKeyStoreTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123Z");

    private StoreSettings settings;
    private DynamoKeyStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        settings = new StoreSettings(dynamo.tableName(), "p1", Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofHours(24));
        store = new DynamoKeyStore(dynamo.client(), settings);
    }

    static ApiKey key(String secret) {
        String hash = KeySecrets.sha256Hex(secret);
        return new ApiKey(KeySecrets.idOfHash(hash), hash, "ci", "platform", Map.of("env", "prod"),
                List.of("gpt-4o-mini"), List.of("openai"), new Budget(12.5, BudgetPeriod.MONTH),
                new RateLimits(60, null), T0.plusSeconds(86_400), T0, null);
    }

    @Test
    void aKeyReadsBackAsItWasWritten() {
        ApiKey key = key(KeySecrets.newSecret());
        assertTrue(store.create(key));

        assertEquals(key, store.find(key.id()).orElseThrow());
        assertEquals(List.of(key), store.list());
    }

    @Test
    void aKeyWithOnlyANameReadsBackWithEveryOtherFieldUnset() {
        String hash = KeySecrets.sha256Hex("sk-minimal");
        ApiKey key = new ApiKey(KeySecrets.idOfHash(hash), hash, "minimal", null, null, null, null, null, null,
                null, T0, null);
        assertTrue(store.create(key));

        assertEquals(key, store.find(key.id()).orElseThrow());
    }

    @Test
    void createOnlyWritesAnAbsentKeyAndReplaceOnlyAPresentOne() {
        ApiKey key = key("sk-one");
        assertFalse(store.replace(key, key), "nothing to replace yet");
        assertTrue(store.find(key.id()).isEmpty());

        assertTrue(store.create(key));
        assertFalse(store.create(key), "a second create of the same id is refused");

        ApiKey revoked = key.withRevokedAt(T0.plusSeconds(60));
        assertTrue(store.replace(key, revoked));
        assertEquals(revoked, store.find(key.id()).orElseThrow());
    }

    @Test
    void aReplaceOfAKeyChangedSinceItWasReadIsRefused() {
        ApiKey read = key("sk-raced");
        assertTrue(store.create(read));
        // Another admin changes the team in between: an attribute that was set changes.
        ApiKey otherTeam = new ApiKey(read.id(), read.secretSha256(), read.name(), "other", read.tags(), read.models(),
                read.targets(), read.budget(), read.limits(), read.expiresAt(), read.createdAt(), null);
        assertTrue(store.replace(read, otherTeam));
        assertFalse(store.replace(read, read.withRevokedAt(T0)), "the change in between is not undone");
        assertEquals(otherTeam, store.find(read.id()).orElseThrow());

        // An attribute that was absent when read and set since counts as a change too.
        ApiKey bare = new ApiKey(KeySecrets.idOf("sk-bare"), KeySecrets.sha256Hex("sk-bare"), "bare", null, null,
                null, null, null, null, null, T0, null);
        assertTrue(store.create(bare));
        ApiKey teamed = new ApiKey(bare.id(), bare.secretSha256(), "bare", "platform", null, null, null, null, null,
                null, T0, null);
        assertTrue(store.replace(bare, teamed));
        assertFalse(store.replace(bare, bare.withRevokedAt(T0)));
        assertTrue(store.replace(teamed, teamed.withRevokedAt(T0)), "read again, the change goes through");
    }

    @Test
    void keysLiveApartFromTheRoutingStateAndOtherDeployments() {
        ApiKey key = key("sk-apart");
        store.create(key);

        Map<String, AttributeValue> item = dynamo.client().getItem(b -> b.tableName(dynamo.tableName())
                .key(Map.of("pk", AttributeValue.fromS("keys#p1"), "sk", AttributeValue.fromS("key#" + key.id()))))
                .item();
        assertEquals(KeySecrets.sha256Hex("sk-apart"), item.get("secretSha256").s());
        assertFalse(item.values().stream().anyMatch(v -> "sk-apart".equals(v.s())), "the secret is not stored");

        var snapshot = new DynamoRoutingStateStore(dynamo.client(), settings).loadSnapshot();
        assertTrue(snapshot.health().isEmpty() && snapshot.costs().isEmpty());
        assertTrue(new DynamoKeyStore(dynamo.client(), new StoreSettings(dynamo.tableName(), "p2",
                Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24))).list().isEmpty());
    }

    @Test
    void secretsAreLongRandomAndTheirIdsComeFromTheirHash() {
        String secret = KeySecrets.newSecret();
        assertTrue(secret.startsWith("sk-") && secret.length() >= 3 + 43, secret.length() + " characters");
        assertTrue(secret.substring(3).matches("[A-Za-z0-9_-]+"));
        assertFalse(secret.equals(KeySecrets.newSecret()));
        assertEquals("key_" + KeySecrets.sha256Hex(secret).substring(0, 16), KeySecrets.idOf(secret));
    }
}
