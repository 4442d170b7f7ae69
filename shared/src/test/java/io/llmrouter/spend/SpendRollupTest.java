package io.llmrouter.spend;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The roll-up on DynamoDB Local: what each request adds to, how seldom it writes, what a failed flush keeps. */
class SpendRollupTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    /**
     * 10:59 UTC today: a minute before an hour ends, and young by the wall clock, since DynamoDB Local deletes
     * buckets whose TTL (40 days for hours) has passed.
     */
    static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS)
            .plus(Duration.ofHours(10)).plus(Duration.ofMinutes(59));
    static final RequestOutcome.Caller CI = new RequestOutcome.Caller("key_0123456789abcdef", "platform",
            Map.of("env", "prod", "app", "chat"));

    private final MutableClock clock = new MutableClock(T0);
    private final ApiCallCounter calls = new ApiCallCounter();
    private DynamoDbClient client;
    private DynamoSpendStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        client = dynamo.newClient(calls);
        store = new DynamoSpendStore(client, new StoreSettings(dynamo.tableName(), "p1", Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofHours(24)));
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    static RequestOutcome outcome(RequestOutcome.Caller caller, String target, String servedModel, Double costUsd) {
        return new RequestOutcome("r", "POST /v1/chat/completions", 200, target, "cheapest", "auto", 1, 0,
                1_000_000, 900_000, 100, 20, costUsd, null, null, null, servedModel, caller);
    }

    /** Every bucket of one granularity and dimension as value -> amount, over the day around T0. */
    Map<String, SpendAmount> read(SpendGranularity granularity, SpendDimension dimension) {
        Instant first = granularity.bucketStart(T0.minus(Duration.ofDays(1)));
        Instant last = granularity.bucketStart(T0.plus(Duration.ofDays(1)));
        return store.read(granularity, dimension, first, last).stream()
                .collect(Collectors.toMap(l -> l.key().value() + (granularity == SpendGranularity.HOUR
                        ? "@" + l.key().bucketStart().toString().substring(11, 13) : ""), SpendLine::amount,
                        SpendAmount::plus));
    }

    @Test
    void aRequestCountsInEveryDimensionByHourAndDay() {
        SpendRollup rollup = new SpendRollup(store, clock);
        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.002));
        rollup.observe(outcome(RequestOutcome.Caller.NONE, "aws-us-west-2", "tiny", 0.001));
        assertTrue(rollup.flush());

        SpendAmount ci = new SpendAmount(0.002, 1, 100, 20);
        SpendAmount unkeyed = new SpendAmount(0.001, 1, 100, 20);
        assertEquals(Map.of("key_0123456789abcdef", ci, "unkeyed", unkeyed), read(SpendGranularity.DAY, SpendDimension.KEY));
        assertEquals(Map.of("platform", ci, "none", unkeyed), read(SpendGranularity.DAY, SpendDimension.TEAM));
        assertEquals(Map.of("env=prod", ci, "app=chat", ci), read(SpendGranularity.DAY, SpendDimension.TAG));
        assertEquals(Map.of("openai", ci, "aws-us-west-2", unkeyed), read(SpendGranularity.DAY, SpendDimension.TARGET));
        assertEquals(Map.of("gpt-4o-mini", ci, "tiny", unkeyed), read(SpendGranularity.DAY, SpendDimension.MODEL));
        assertEquals(Map.of("platform@10", ci, "none@10", unkeyed), read(SpendGranularity.HOUR, SpendDimension.TEAM));
    }

    @Test
    void requestsFallInTheHourTheyEndedIn() {
        SpendRollup rollup = new SpendRollup(store, clock, Duration.ofHours(2));
        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.25));
        clock.advance(Duration.ofMinutes(2));
        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.5));
        rollup.flush();

        assertEquals(Map.of("platform@10", new SpendAmount(0.25, 1, 100, 20),
                "platform@11", new SpendAmount(0.5, 1, 100, 20)), read(SpendGranularity.HOUR, SpendDimension.TEAM));
        assertEquals(Map.of("platform", new SpendAmount(0.75, 2, 200, 40)), read(SpendGranularity.DAY, SpendDimension.TEAM));
    }

    @Test
    void requestsWithoutACostAndOtherEndpointsAreNotSpend() {
        SpendRollup rollup = new SpendRollup(store, clock);
        rollup.observe(outcome(CI, null, null, null));
        rollup.observe(new RequestOutcome("r", "GET /v1/models", 200, null, null, null, 0, 0, 1, 0, null, null,
                0.5, null, null, null, null, CI));
        assertTrue(rollup.flush());

        assertEquals(0, calls.count("TransactWriteItems"), "nothing to write");
        assertEquals(Map.of(), read(SpendGranularity.DAY, SpendDimension.TEAM));
    }

    @Test
    void atSteadyStateOneWriteCallCoversManyRequests() {
        SpendRollup rollup = new SpendRollup(store, clock);
        int requests = 0;
        // Two requests a second for ten minutes, from one key.
        for (int i = 0; i < 1200; i++) {
            rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.001));
            requests++;
            clock.advance(Duration.ofMillis(500));
        }
        rollup.flush();

        int writes = calls.count("TransactWriteItems");
        assertTrue(writes > 0 && writes <= requests / 20, writes + " write calls for " + requests + " requests");
        assertEquals(0, calls.count("UpdateItem") + calls.count("PutItem"));
        assertEquals(1200, read(SpendGranularity.DAY, SpendDimension.KEY).get("key_0123456789abcdef").requests());
    }

    @Test
    void noWriteBeforeTheIntervalUnlessTooManyBucketsArePending() {
        SpendRollup rollup = new SpendRollup(store, clock, Duration.ofSeconds(10), 30, 10_000);
        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.001));
        assertEquals(0, calls.count("TransactWriteItems"), "within the interval, nothing is written");
        clock.advance(Duration.ofSeconds(10));
        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.001));
        assertEquals(1, calls.count("TransactWriteItems"), "the first request after the interval flushes");

        // 10 buckets per request with 3 teams' worth of new values: the bound (30) is passed within the interval.
        for (int i = 0; i < 3; i++) {
            rollup.observe(outcome(new RequestOutcome.Caller("key_" + i, "team" + i, Map.of()), "t" + i, "m" + i, 0.001));
        }
        assertEquals(1, calls.count("TransactWriteItems"));
        for (int i = 3; i < 6; i++) {
            rollup.observe(outcome(new RequestOutcome.Caller("key_" + i, "team" + i, Map.of()), "t" + i, "m" + i, 0.001));
        }
        assertEquals(2, calls.count("TransactWriteItems"), "past 30 pending buckets, a request flushes early");
    }

    @Test
    void aFailedFlushKeepsItsIncrementsAndNeverThrowsIntoTheRequest() {
        FlakyStore flaky = new FlakyStore(store);
        SpendRollup rollup = new SpendRollup(flaky, clock);
        flaky.failing = true;
        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.25));
        clock.advance(Duration.ofSeconds(10));
        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.25));
        assertEquals(1, flaky.attempts.get(), "one try, at the interval");
        assertFalse(rollup.flush());

        flaky.failing = false;
        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.25));
        assertTrue(rollup.flush());
        assertEquals(new SpendAmount(0.75, 3, 300, 60), read(SpendGranularity.DAY, SpendDimension.TEAM).get("platform"));
    }

    @Test
    void aBatchThatWasAppliedBeforeItsCallFailedIsNotCountedTwice() {
        FlakyStore flaky = new FlakyStore(store);
        SpendRollup rollup = new SpendRollup(flaky, clock);
        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.25));
        flaky.failAfterApplying = true;
        assertFalse(rollup.flush(), "the answer was lost");
        flaky.failAfterApplying = false;
        assertTrue(rollup.flush());

        assertEquals(2, flaky.attempts.get());
        assertEquals(new SpendAmount(0.25, 1, 100, 20), read(SpendGranularity.DAY, SpendDimension.TEAM).get("platform"));
    }

    @Test
    void whatFailedFlushesKeepIsBoundedAndTheOldestGoes() {
        FlakyStore flaky = new FlakyStore(store);
        // Each request makes 12 buckets (2 granularities x key, team, 2 tags, target, model): one batch a flush.
        SpendRollup rollup = new SpendRollup(flaky, clock, Duration.ofSeconds(10), 1_000, 30);
        flaky.failing = true;
        for (double usd : new double[]{1, 2, 4}) {
            rollup.observe(outcome(CI, "openai", "gpt-4o-mini", usd));
            assertFalse(rollup.flush());
        }
        flaky.failing = false;
        assertTrue(rollup.flush());

        assertEquals(6.0, read(SpendGranularity.DAY, SpendDimension.TEAM).get("platform").usd(),
                "past 30 kept increments, the oldest batch (1 USD) was dropped");
    }

    @Test
    void concurrentRequestsAreEachCountedOnce() throws Exception {
        SpendRollup rollup = new SpendRollup(store, clock, Duration.ofMillis(1), 1_000, 1_000_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        rollup.observe(outcome(CI, "openai", "gpt-4o-mini", 0.001));
                        clock.advance(Duration.ofMillis(1));
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(rollup.flush());
        assertEquals(2000, read(SpendGranularity.DAY, SpendDimension.TEAM).get("platform").requests());
    }

    /** The real store, made to fail on demand: before writing, or after (the call's answer lost). */
    static final class FlakyStore implements SpendStore {
        final SpendStore real;
        final AtomicInteger attempts = new AtomicInteger();
        volatile boolean failing;
        volatile boolean failAfterApplying;

        FlakyStore(SpendStore real) {
            this.real = real;
        }

        @Override
        public void add(SpendBatch batch) {
            attempts.incrementAndGet();
            if (failing) {
                throw new RoutingStateUnavailableException("down", null);
            }
            real.add(batch);
            if (failAfterApplying) {
                throw new RoutingStateUnavailableException("timed out", null);
            }
        }

        @Override
        public List<SpendLine> read(SpendGranularity granularity, SpendDimension dimension, Instant first, Instant last) {
            return real.read(granularity, dimension, first, last);
        }
    }
}
