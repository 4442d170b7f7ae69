package io.llmrouter.state;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.llmrouter.state.Records.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotCacheTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Duration MAX_STALENESS = Duration.ofMinutes(5);
    private static final Duration STALE_AFTER = Duration.ofSeconds(6);

    private final MutableClock clock = new MutableClock(T0);
    private final ApiCallCounter calls = new ApiCallCounter();
    private final QueryGate gate = new QueryGate();
    private final RecordingListener listener = new RecordingListener();
    private DynamoDbClient client;
    private StoreSettings settings;
    private DynamoRoutingStateStore store;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        client = dynamo.newClient(calls, gate);
        settings = Records.settings(dynamo.tableName(), "cache");
        store = new DynamoRoutingStateStore(client, settings, clock);
    }

    @AfterEach
    void closeClient() {
        client.close();
    }

    @Test
    void aFreshSnapshotIsHandedOutWithoutAnyStoreCall() {
        store.putHealth(Records.fullHealth("gpu-a", T0));
        SnapshotCache cache = cache(store);
        RoutingSnapshot first = cache.current();
        calls.reset();

        for (int i = 0; i < 1_000; i++) {
            clock.advance(Duration.ofMillis(4)); // 4 s in all, still inside the 5 s refresh interval
            assertSame(first, cache.current());
        }

        assertEquals(0, calls.total());
        assertEquals(new SnapshotCacheStats(1, 0, 0), cache.stats());
    }

    @Test
    void theSnapshotIsReloadedOnceTheRefreshIntervalHasPassed() {
        SnapshotCache cache = cache(store);
        assertTrue(cache.current().health().isEmpty());
        store.putHealth(Records.fullHealth("gpu-a", T0));

        clock.advance(REFRESH.minusMillis(1));
        assertTrue(cache.current().health().isEmpty());
        clock.advance(Duration.ofMillis(1));

        assertEquals(Records.fullHealth("gpu-a", T0), cache.current().health().get("gpu-a"));
        assertEquals(2, calls.count("Query"));
        assertEquals(2, listener.loaded.size());
    }

    @Test
    void invalidateMakesTheNextCallReloadSoAWriterSeesItsOwnWrite() {
        SnapshotCache cache = cache(store);
        cache.current();
        store.putBreaker(Records.openBreaker("gpu-a", T0, 1), 0);

        cache.invalidate();

        assertEquals(1, cache.current().breakerOf("gpu-a").orElseThrow().version());
        assertEquals(2, calls.count("Query"));
    }

    @Test
    void whileDynamoDbIsUnreachableTheLastSnapshotIsKeptAndTheFailureReported() throws Exception {
        try (LocalDynamoServer doomed = LocalDynamoServer.start();
             DynamoDbClient doomedClient = clientWithoutRetries(doomed.endpoint())) {
            SnapshotCache cache = cacheOnFreshServer(doomed, doomedClient);
            RoutingSnapshot loaded = cache.current();
            doomed.close();

            clock.advance(Duration.ofSeconds(6));
            assertSame(loaded, cache.current());
            assertSame(loaded, cache.current(), "no second attempt within the refresh interval");

            assertEquals(new SnapshotCacheStats(1, 1, 2), cache.stats());
            assertEquals(1, listener.failures.size());
            assertInstanceOf(SdkException.class, listener.failures.get(0));
            assertEquals(List.of(Duration.ofSeconds(6)), listener.failureAges);
            assertEquals(List.of(Duration.ofSeconds(6), Duration.ofSeconds(6)), listener.staleAges);

            clock.advance(REFRESH);
            assertSame(loaded, cache.current());
            assertEquals(new SnapshotCacheStats(1, 2, 3), cache.stats());
        }
    }

    @Test
    void pastTheMaximumStalenessNoSnapshotIsHandedOut() throws Exception {
        try (LocalDynamoServer doomed = LocalDynamoServer.start();
             DynamoDbClient doomedClient = clientWithoutRetries(doomed.endpoint())) {
            SnapshotCache cache = cacheOnFreshServer(doomed, doomedClient);
            cache.current();
            doomed.close();

            clock.advance(MAX_STALENESS);
            cache.current(); // exactly at the limit: still handed out
            clock.advance(REFRESH);

            RoutingStateUnavailableException error = assertThrows(RoutingStateUnavailableException.class,
                    cache::current);
            assertTrue(error.getMessage().startsWith("The routing state is PT5M5S old, past the PT5M limit; "
                    + "the last load failed: "), error.getMessage());
            assertInstanceOf(SdkException.class, error.getCause());
        }
    }

    @Test
    void withoutAnySnapshotLoadedTheCallerLearnsWhy() {
        try (DynamoDbClient unreachable = clientWithoutRetries(closedLoopbackPort())) {
            SnapshotCache cache = cache(new DynamoRoutingStateStore(unreachable, settings, clock));

            RoutingStateUnavailableException error = assertThrows(RoutingStateUnavailableException.class,
                    cache::current);
            assertTrue(error.getMessage().startsWith("No routing state has been loaded yet; the last load failed: "),
                    error.getMessage());
            assertThrows(RoutingStateUnavailableException.class, cache::current);

            assertEquals(new SnapshotCacheStats(0, 1, 0), cache.stats());
            assertEquals(1, calls.count("Query"), "one attempt per refresh interval");
            assertEquals(Collections.singletonList(null), listener.failureAges, "no snapshot, so no age");
        }
    }

    @Test
    void whileOneThreadReloadsTheOthersKeepGettingTheCachedSnapshot() throws Exception {
        SnapshotCache cache = cache(store);
        RoutingSnapshot old = cache.current();
        store.putHealth(Records.fullHealth("gpu-a", T0));
        clock.advance(REFRESH);

        gate.close();
        CompletableFuture<RoutingSnapshot> reloading = CompletableFuture.supplyAsync(cache::current);
        gate.awaitQueryHeld();
        for (int i = 0; i < 100; i++) {
            assertSame(old, cache.current());
        }
        gate.open();

        RoutingSnapshot reloaded = reloading.get(10, TimeUnit.SECONDS);
        assertNotSame(old, reloaded);
        assertEquals(1, reloaded.health().size());
        assertSame(reloaded, cache.current());
        assertEquals(2, calls.count("Query"));
    }

    @Test
    void beforeTheFirstLoadTheOtherThreadsWaitForItInsteadOfFailing() throws Exception {
        SnapshotCache cache = cache(store);

        gate.close();
        CompletableFuture<RoutingSnapshot> first = CompletableFuture.supplyAsync(cache::current);
        gate.awaitQueryHeld();
        CompletableFuture<RoutingSnapshot> second = CompletableFuture.supplyAsync(cache::current);
        gate.open();

        assertSame(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
        assertEquals(1, calls.count("Query"));
    }

    @Test
    void aHealthRecordAboutToGoStaleMakesTheCacheReloadBeforeItsRefresh() {
        // Stale after 6 s; observed 4 s before the load, so it would go stale 2 s into a 5 s refresh.
        store.putHealth(Records.fullHealth("gpu-a", T0.minusSeconds(4)));
        SnapshotCache cache = cacheReloadingBefore(STALE_AFTER);
        cache.current();

        clock.advance(Duration.ofMillis(2_000));
        cache.current();
        assertEquals(1, calls.count("Query"));
        store.putHealth(Records.fullHealth("gpu-a", T0.plusSeconds(1)));
        clock.advance(Duration.ofMillis(1));

        assertEquals(T0.plusSeconds(1), cache.current().health().get("gpu-a").observedAt());
        assertEquals(2, calls.count("Query"));
    }

    @Test
    void aRecordAlreadyStaleWhenLoadedWaitsForTheUsualRefresh() {
        store.putHealth(Records.fullHealth("gpu-a", T0.minusSeconds(10)));
        SnapshotCache cache = cacheReloadingBefore(STALE_AFTER);

        for (int i = 0; i < 49; i++) {
            cache.current();
            clock.advance(Duration.ofMillis(100));
        }

        assertEquals(1, calls.count("Query"), "a poller that stopped must not turn every request into a Query");
    }

    @Test
    void anOverdueSnapshotMakesEveryCallerWaitForTheReload() throws Exception {
        SnapshotCache cache = cache(store);
        RoutingSnapshot old = cache.current();
        store.putHealth(Records.fullHealth("gpu-a", T0));
        clock.advance(REFRESH.plusSeconds(30)); // an idle spell: its records would all judge as old

        gate.close();
        CompletableFuture<RoutingSnapshot> reloading = CompletableFuture.supplyAsync(cache::current);
        gate.awaitQueryHeld();
        CompletableFuture<RoutingSnapshot> waiting = new CompletableFuture<>();
        Thread second = Thread.ofPlatform().start(() -> waiting.complete(cache.current()));
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (second.getState() != Thread.State.WAITING && second.isAlive() && System.nanoTime() < giveUp) {
            Thread.onSpinWait(); // until it blocks on the load, or (wrongly) returns the old snapshot
        }
        gate.open();

        RoutingSnapshot reloaded = reloading.get(10, TimeUnit.SECONDS);
        assertNotSame(old, reloaded);
        assertSame(reloaded, waiting.get(10, TimeUnit.SECONDS), "the second caller waited for the load");
        assertEquals(2, calls.count("Query"));
    }

    @Test
    void aMaximumStalenessShorterThanTheRefreshIntervalIsRefused() {
        StoreSettings contradictory = new StoreSettings("t", "p", Duration.ofMinutes(1), Duration.ofSeconds(30),
                Duration.ofHours(1));

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new SnapshotCache(store, contradictory));
        assertEquals("Snapshot refresh must be positive and no longer than the maximum staleness; "
                + "got refresh PT1M, maximum staleness PT30S", error.getMessage());
    }

    private SnapshotCache cacheReloadingBefore(Duration healthStaleAfter) {
        return new SnapshotCache(store, settings, healthStaleAfter, clock, listener);
    }

    @Test
    void withAPublishedSnapshotReloadsComeUpToAFifthEarlyAtRandomNeverLate() {
        settings = settings.withPublishing(new io.llmrouter.config.SnapshotPublishing(2, Duration.ofSeconds(60)));
        SnapshotCache cache = cache(new DynamoRoutingStateStore(client, settings, clock));
        cache.current();
        java.util.Set<Long> intervals = new java.util.TreeSet<>();
        for (int reload = 0; reload < 25; reload++) {
            long loads = cache.stats().loads();
            long waited = 0;
            while (cache.stats().loads() == loads) {
                clock.advance(Duration.ofMillis(50));
                waited += 50;
                cache.current();
            }
            intervals.add(waited);
        }

        assertTrue(intervals.stream().allMatch(ms -> ms > 3_950 && ms <= REFRESH.toMillis()), intervals.toString());
        assertTrue(intervals.size() >= 5, "spread, not one fixed interval: " + intervals);
    }

    private SnapshotCache cache(RoutingStateStore source) {
        return new SnapshotCache(source, settings, clock, listener);
    }

    private SnapshotCache cacheOnFreshServer(LocalDynamoServer server, DynamoDbClient serverClient) {
        StateTable.createIfMissing(server.client(), settings.tableName());
        DynamoRoutingStateStore doomedStore = new DynamoRoutingStateStore(serverClient, settings, clock);
        doomedStore.putHealth(Records.fullHealth("gpu-a", T0));
        return cache(doomedStore);
    }

    /** One attempt per load keeps these tests quick: with the SDK's retries a refused connection takes ~3 s. */
    private DynamoDbClient clientWithoutRetries(URI endpoint) {
        return LocalDynamoServer.clientBuilder(endpoint)
                .overrideConfiguration(c -> c.addExecutionInterceptor(calls).retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    private static URI closedLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Holds Query calls while closed, so a test can act while a load is under way. */
    private static final class QueryGate implements ExecutionInterceptor {
        private volatile CountDownLatch release = new CountDownLatch(0);
        private final CountDownLatch held = new CountDownLatch(1);

        void close() {
            release = new CountDownLatch(1);
        }

        void open() {
            release.countDown();
        }

        void awaitQueryHeld() throws InterruptedException {
            assertTrue(held.await(10, TimeUnit.SECONDS), "no Query reached the gate");
        }

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            if ("Query".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))
                    && release.getCount() > 0) {
                held.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static final class RecordingListener implements SnapshotCacheListener {
        final List<RoutingSnapshot> loaded = new CopyOnWriteArrayList<>();
        final List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        final List<Duration> failureAges = new CopyOnWriteArrayList<>();
        final List<Duration> staleAges = new CopyOnWriteArrayList<>();

        @Override
        public void onLoaded(RoutingSnapshot snapshot, Duration loadTime) {
            loaded.add(snapshot);
        }

        @Override
        public void onLoadFailed(RuntimeException cause, Duration snapshotAge) {
            failures.add(cause);
            failureAges.add(snapshotAge);
        }

        @Override
        public void onServedStale(Duration snapshotAge) {
            staleAges.add(snapshotAge);
        }
    }
}
