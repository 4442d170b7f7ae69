package io.llmrouter.spend;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.RoutingStateUnavailableException;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spend buckets on the real engine: additions that add up, the range one Query returns, idempotent batches. */
class DynamoSpendStoreTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    /** Today, by the wall clock: DynamoDB Local deletes buckets whose TTL (40 days for hours) has passed. */
    static final Instant DAY = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    static final Instant H10 = DAY.plus(Duration.ofHours(10));

    private StoreSettings settings;
    private DynamoSpendStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        settings = new StoreSettings(dynamo.tableName(), "p1", Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofHours(24));
        store = new DynamoSpendStore(dynamo.client(), settings);
    }

    static SpendLine line(SpendGranularity granularity, SpendDimension dimension, Instant start, String value,
                          double usd, long requests) {
        return new SpendLine(new SpendKey(granularity, dimension, start, value),
                new SpendAmount(usd, requests, 10 * requests, 3 * requests));
    }

    static SpendLine hourTeam(Instant start, String team, double usd) {
        return line(SpendGranularity.HOUR, SpendDimension.TEAM, start, team, usd, 1);
    }

    @Test
    void additionsToABucketAddUpWhicheverInstanceMakesThem() {
        DynamoSpendStore other = new DynamoSpendStore(dynamo.client(), settings);
        store.add(SpendBatch.of(List.of(line(SpendGranularity.HOUR, SpendDimension.TEAM, H10, "platform", 0.25, 2))));
        other.add(SpendBatch.of(List.of(line(SpendGranularity.HOUR, SpendDimension.TEAM, H10, "platform", 0.0001, 3))));

        List<SpendLine> read = store.read(SpendGranularity.HOUR, SpendDimension.TEAM, H10, H10);
        assertEquals(List.of(new SpendLine(new SpendKey(SpendGranularity.HOUR, SpendDimension.TEAM, H10, "platform"),
                new SpendAmount(0.2501, 5, 50, 15))), read);
    }

    @Test
    void oneReadReturnsOneDimensionsBucketsInTheRangeAndNothingElse() {
        store.add(SpendBatch.of(List.of(
                hourTeam(H10.minusSeconds(3600), "before", 1),
                hourTeam(H10, "platform", 2),
                hourTeam(H10, "research#1", 3),
                hourTeam(H10.plusSeconds(3600), "platform", 4),
                hourTeam(H10.plusSeconds(7200), "after", 5),
                line(SpendGranularity.HOUR, SpendDimension.KEY, H10, "key_0123456789abcdef", 6, 1),
                line(SpendGranularity.DAY, SpendDimension.TEAM, DAY, "platform", 7, 1))));

        List<SpendLine> read = store.read(SpendGranularity.HOUR, SpendDimension.TEAM, H10, H10.plusSeconds(3600));

        assertEquals(List.of("platform@" + H10, "research#1@" + H10, "platform@" + H10.plusSeconds(3600)),
                read.stream().map(l -> l.key().value() + "@" + l.key().bucketStart()).toList());
        assertEquals(List.of(2.0, 3.0, 4.0), read.stream().map(l -> l.amount().usd()).toList());
        assertEquals(List.of(7.0), store.read(SpendGranularity.DAY, SpendDimension.TEAM, DAY, DAY).stream()
                .map(l -> l.amount().usd()).toList());
    }

    @Test
    void bucketsAreNumbersThatExpireAfterTheirRetention() {
        store.add(SpendBatch.of(List.of(hourTeam(H10, "platform", 0.5),
                line(SpendGranularity.DAY, SpendDimension.TEAM, DAY, "platform", 0.5, 1))));

        Map<String, AttributeValue> hour = item("hour#team#" + H10 + "#platform");
        assertEquals("0.5", hour.get("usd").n());
        assertEquals("1", hour.get("requests").n());
        assertEquals(String.valueOf(H10.plus(Duration.ofDays(40)).getEpochSecond()), hour.get(StateTable.TTL).n());
        Map<String, AttributeValue> day = item("day#team#" + DAY + "#platform");
        assertEquals(String.valueOf(DAY.plus(Duration.ofDays(400)).getEpochSecond()), day.get(StateTable.TTL).n());
    }

    @Test
    void aBatchSentAgainIsCountedOnce() {
        SpendBatch batch = SpendBatch.of(List.of(hourTeam(H10, "platform", 1.5)));
        store.add(batch);
        store.add(batch);

        assertEquals(1.5, store.read(SpendGranularity.HOUR, SpendDimension.TEAM, H10, H10).get(0).amount().usd());
        store.add(SpendBatch.of(batch.lines()));
        assertEquals(3.0, store.read(SpendGranularity.HOUR, SpendDimension.TEAM, H10, H10).get(0).amount().usd(),
                "a new batch with the same lines is another addition");
    }

    @Test
    void aMissingTableIsUnavailableState() {
        DynamoSpendStore missing = new DynamoSpendStore(dynamo.client(), settings.withTable("no-such-table"));
        assertThrows(RoutingStateUnavailableException.class,
                () -> missing.add(SpendBatch.of(List.of(hourTeam(H10, "platform", 1)))));
        assertThrows(RoutingStateUnavailableException.class,
                () -> missing.read(SpendGranularity.HOUR, SpendDimension.TEAM, H10, H10));
    }

    @Test
    void spendHasAPartitionOfItsOwn() {
        store.add(SpendBatch.of(List.of(hourTeam(H10, "platform", 1))));
        List<Map<String, AttributeValue>> items = dynamo.client().scan(b -> b.tableName(dynamo.tableName())).items();
        assertEquals(1, items.size());
        assertEquals("spend#p1", items.get(0).get(StateTable.PARTITION_KEY).s());
        assertTrue(items.get(0).get(StateTable.SORT_KEY).s().startsWith("hour#team#"));
    }

    private Map<String, AttributeValue> item(String sortKey) {
        return dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).key(Map.of(
                StateTable.PARTITION_KEY, AttributeValue.fromS("spend#p1"),
                StateTable.SORT_KEY, AttributeValue.fromS(sortKey)))).item();
    }
}
