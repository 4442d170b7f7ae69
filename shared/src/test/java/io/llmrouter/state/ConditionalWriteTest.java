package io.llmrouter.state;

import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static io.llmrouter.state.Records.RECORD_TTL;
import static io.llmrouter.state.Records.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes keep the newest observation, and breaker writes only land on the version their writer read. */
class ConditionalWriteTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private final MutableClock clock = new MutableClock(T0);
    private DynamoRoutingStateStore store;
    private DynamoDbClient otherClient;
    private DynamoRoutingStateStore otherInstance;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        store = new DynamoRoutingStateStore(dynamo.client(), Records.settings(dynamo.tableName(), "cw"), clock);
        otherClient = dynamo.newClient();
        otherInstance = new DynamoRoutingStateStore(otherClient, Records.settings(dynamo.tableName(), "cw"), clock);
    }

    @AfterEach
    void closeClient() {
        otherClient.close();
    }

    @Test
    void anOlderHealthObservationNeverOverwritesANewerOne() {
        assertTrue(store.putHealth(Records.fullHealth("gpu-a", T0.plusSeconds(10))));

        assertFalse(otherInstance.putHealth(Records.unknownHealth("gpu-a", T0.plusSeconds(5))));

        assertEquals(Records.fullHealth("gpu-a", T0.plusSeconds(10)), store.loadSnapshot().health().get("gpu-a"));
    }

    @Test
    void aNewerHealthObservationReplacesTheStoredOne() {
        store.putHealth(Records.fullHealth("gpu-a", T0));

        assertTrue(otherInstance.putHealth(Records.unknownHealth("gpu-a", T0.plusMillis(1))));

        assertEquals(Records.unknownHealth("gpu-a", T0.plusMillis(1)), store.loadSnapshot().health().get("gpu-a"));
    }

    @Test
    void anObservationWithTheSameTimestampIsWrittenAsItIsNotOlder() {
        store.putHealth(Records.fullHealth("gpu-a", T0));

        assertTrue(store.putHealth(Records.unknownHealth("gpu-a", T0)));

        assertEquals(Records.unknownHealth("gpu-a", T0), store.loadSnapshot().health().get("gpu-a"));
    }

    @Test
    void anOlderCostObservationNeverOverwritesANewerOneAndANewerOneDoes() {
        CostRecord newer = Records.fullCost("openai", "gpt-4o", T0.plusSeconds(60));
        assertTrue(store.putCost(newer));

        assertFalse(otherInstance.putCost(Records.fullCost("openai", "gpt-4o", T0)));
        assertEquals(newer, store.loadSnapshot().costOf("openai", "gpt-4o").orElseThrow());

        CostRecord newest = Records.fullCost("openai", "gpt-4o", T0.plusSeconds(120));
        assertTrue(otherInstance.putCost(newest));
        assertEquals(newest, store.loadSnapshot().costOf("openai", "gpt-4o").orElseThrow());
    }

    @Test
    void costRecordsOfDifferentModelsOnOneTargetAreIndependent() {
        assertTrue(store.putCost(Records.fullCost("openai", "gpt-4o", T0.plusSeconds(60))));

        assertTrue(store.putCost(Records.fullCost("openai", "gpt-4o-mini", T0)));

        assertEquals(2, store.loadSnapshot().costs().size());
    }

    @Test
    void ofTwoBreakerWritersThatReadTheSameVersionExactlyOneWins() throws Exception {
        assertTrue(store.putBreaker(Records.openBreaker("gpu-a", T0, 1), 0));
        long readVersion = store.loadSnapshot().breakerOf("gpu-a").orElseThrow().version();
        BreakerState mine = Records.halfOpenBreaker("gpu-a", T0.plusSeconds(31), readVersion + 1);
        BreakerState theirs = Records.openBreaker("gpu-a", T0.plusSeconds(31), readVersion + 1);

        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Boolean> myWrite = CompletableFuture.supplyAsync(() -> awaitThen(start,
                () -> store.putBreaker(mine, readVersion)));
        CompletableFuture<Boolean> theirWrite = CompletableFuture.supplyAsync(() -> awaitThen(start,
                () -> otherInstance.putBreaker(theirs, readVersion)));
        start.countDown();

        List<Boolean> outcomes = List.of(myWrite.get(), theirWrite.get());
        assertEquals(1, outcomes.stream().filter(won -> won).count(), "outcomes " + outcomes);
        BreakerState winner = outcomes.get(0) ? mine : theirs;
        assertEquals(winner, store.loadSnapshot().breakerOf("gpu-a").orElseThrow());
    }

    @Test
    void aBreakerWriteBasedOnAnOutdatedReadFailsAndTheRereadVersionSucceeds() {
        assertTrue(store.putBreaker(Records.openBreaker("gpu-a", T0, 1), 0));
        assertTrue(otherInstance.putBreaker(Records.halfOpenBreaker("gpu-a", T0.plusSeconds(30), 2), 1));

        assertFalse(store.putBreaker(Records.openBreaker("gpu-a", T0.plusSeconds(31), 2), 1));
        assertFalse(store.putBreaker(Records.openBreaker("gpu-a", T0.plusSeconds(31), 1), 0),
                "a writer that saw no breaker must not replace a stored one");

        long reread = store.loadSnapshot().breakerOf("gpu-a").orElseThrow().version();
        assertEquals(2, reread);
        assertTrue(store.putBreaker(Records.openBreaker("gpu-a", T0.plusSeconds(31), reread + 1), reread));
    }

    @Test
    void aBreakerWriteThatLosesReadsBackTheBreakerThatBeatItInTheSameCall() {
        assertTrue(store.putBreaker(Records.openBreaker("gpu-a", T0, 1), 0));
        BreakerState theirClaim = Records.claimedBreaker("gpu-a", T0.plusSeconds(30), 2);
        RoutingStateStore.BreakerWrite theirs = otherInstance.putBreakerOrRead(theirClaim, 1);
        assertTrue(theirs.written());
        assertEquals(theirClaim, theirs.stored());

        RoutingStateStore.BreakerWrite mine = store.putBreakerOrRead(
                Records.claimedBreaker("gpu-a", T0.plusSeconds(31), 2), 1);

        assertFalse(mine.written());
        assertEquals(theirClaim, mine.stored());
        assertEquals(theirClaim, store.loadSnapshot().breakerOf("gpu-a").orElseThrow());
    }

    @Test
    void anExpiredBreakerCountsAsNoneStored() {
        store.putBreaker(Records.openBreaker("gpu-a", T0, 1), 0);
        clock.set(T0.plus(RECORD_TTL).plusSeconds(1));

        assertTrue(store.loadSnapshot().breakerOf("gpu-a").isEmpty());
        assertTrue(store.putBreaker(Records.halfOpenBreaker("gpu-a", clock.instant(), 1), 0));
        assertEquals(Records.halfOpenBreaker("gpu-a", clock.instant(), 1),
                store.loadSnapshot().breakerOf("gpu-a").orElseThrow());
    }

    @Test
    void aBreakerStateWhoseVersionDoesNotFollowTheExpectedOneIsRefused() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> store.putBreaker(Records.openBreaker("gpu-a", T0, 3), 1));
        assertEquals("Breaker state for gpu-a carries version 3; a write expecting version 1 must carry 2",
                error.getMessage());
        assertTrue(store.loadSnapshot().breakers().isEmpty());
    }

    private static boolean awaitThen(CountDownLatch start, java.util.function.BooleanSupplier write) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return write.getAsBoolean();
    }
}
