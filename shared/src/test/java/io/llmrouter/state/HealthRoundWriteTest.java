package io.llmrouter.state;

import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A poll round's health records written together: 100 per call, each still never overwriting a newer one. */
class HealthRoundWriteTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    /** Young by the wall clock: DynamoDB Local deletes records whose TTL has passed. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    final ApiCallCounter calls = new ApiCallCounter();
    DynamoRoutingStateStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        store = new DynamoRoutingStateStore(dynamo.newClient(calls), Records.settings(dynamo.tableName(), "round"),
                Clock.systemUTC());
    }

    static List<HealthRecord> round(int clusters, Instant observedAt) {
        List<HealthRecord> records = new ArrayList<>();
        for (int i = 0; i < clusters; i++) {
            records.add(HealthRecord.down("c" + i, "connect refused", observedAt, null));
        }
        return records;
    }

    @Test
    void twoHundredAndFiftyRecordsTakeThreeCalls() {
        assertEquals(250, store.putHealth(round(250, T0)));

        assertEquals(3, calls.count("TransactWriteItems"));
        assertEquals(0, calls.count("PutItem"));
        assertEquals(250, store.loadSnapshot().health().size());
    }

    @Test
    void aNewerStoredRecordIsKeptAndOnlyItsBatchIsWrittenOneByOne() {
        store.putHealth(HealthRecord.down("c7", "newer", T0.plusSeconds(10), null));
        calls.reset();

        assertEquals(149, store.putHealth(round(150, T0)), "all but the one a newer record beats");

        assertEquals("newer", store.loadSnapshot().health().get("c7").reason());
        assertEquals(2, calls.count("TransactWriteItems"), "one refused, one written");
        assertEquals(100, calls.count("PutItem"), "the refused batch again, one record at a time");
    }
}
