package io.llmrouter.health;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.SnapshotPublishing;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One poll round and one invocation's rounds, against the real store (DynamoDB Local) with probes
 * that answer as told: every cluster is recorded, even one whose probe hangs or breaks; transitions
 * are judged against what the store held before; rounds keep the plan's pace.
 */
class HealthPollerTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    /** Young by the wall clock: DynamoDB Local deletes records whose TTL (a day after their observation) has passed. */
    private static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private final MutableClock clock = new MutableClock(T0);
    private final List<HealthTransition> published = new CopyOnWriteArrayList<>();
    private List<ClusterConfig> clusters;
    private DynamoRoutingStateStore store;

    @BeforeEach
    void deploy() {
        RouterConfig config = ConfigLoader.fromYaml("""
                clusters:
                  - {name: a, endpoint: "http://a.internal:8080", costPerHour: 0.09}
                  - {name: b, endpoint: "http://b.internal:8080", costPerHour: 0.09}
                  - {name: c, endpoint: "http://c.internal:8080", costPerHour: 0.09}
                store: {tableName: %s}
                """.formatted(dynamo.tableName()), Map.of());
        clusters = config.clusters();
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        store = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
    }

    private HealthPoller poller(HealthProbe probe, Duration roundDeadline, HealthPoller.Pause pause) {
        return new HealthPoller(clusters, probe, store, published::addAll, roundDeadline, clock, pause);
    }

    private HealthRecord up(ClusterConfig cluster) {
        return new HealthRecord(cluster.name(), true, "ok", clock.instant(), 4L, null, null, null, null, 0, 0, 0, 2,
                null, List.of(), "boot-1");
    }

    @Test
    void everyClusterIsRecordedEvenWhenItsProbeHangsOrBreaks() throws Exception {
        CountDownLatch hung = new CountDownLatch(1);
        HealthProbe probe = cluster -> switch (cluster.name()) {
            case "a" -> up(cluster);
            case "b" -> {
                hung.countDown();
                try {
                    Thread.sleep(Duration.ofMinutes(1)); // until the round's deadline cancels it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                yield up(cluster);
            }
            default -> throw new IllegalStateException("probe bug");
        };

        try (HealthPoller poller = poller(probe, Duration.ofMillis(300), HealthPoller.Pause.sleeping(clock))) {
            HealthPoller.Round round = poller.pollOnce();

            assertEquals(List.of("a", "b", "c"), round.records().stream().map(HealthRecord::target).toList(),
                    "in config order");
            assertEquals(List.of(true, false, false), round.records().stream().map(HealthRecord::up).toList());
            assertEquals("probe deadline exceeded (300 ms)", round.records().get(1).reason());
            assertTrue(round.records().get(2).reason().startsWith("probe error: java.lang.IllegalStateException: probe bug"),
                    round.records().get(2).reason());
            assertEquals(3, round.written());
            assertEquals(round.records(), List.copyOf(store.loadSnapshot().health().values().stream()
                    .sorted(java.util.Comparator.comparing(HealthRecord::target)).toList()), "what the store holds");
        }
        assertEquals(0, hung.getCount());
    }

    @Test
    void aRoundIsPublishedForTheRouteFunctionWhenTheDeploymentPublishesItsState() throws Exception {
        StoreSettings publishing = new StoreSettings(dynamo.tableName(), "published-round", Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofHours(24), new SnapshotPublishing(2, Duration.ofSeconds(60)));
        store = new DynamoRoutingStateStore(dynamo.client(), publishing, clock);
        ApiCallCounter calls = new ApiCallCounter();
        try (DynamoDbClient counted = dynamo.newClient(calls);
             HealthPoller poller = poller((HealthProbe) this::up, Duration.ofSeconds(5),
                     HealthPoller.Pause.sleeping(clock))) {
            HealthPoller.Round round = poller.pollOnce();
            DynamoRoutingStateStore routeInstance = new DynamoRoutingStateStore(counted, publishing, clock);

            assertEquals(round.records(), routeInstance.loadSnapshot().health().values().stream()
                    .sorted(java.util.Comparator.comparing(HealthRecord::target)).toList());
            assertEquals(1, calls.count("GetItem"), "read from a published copy");
            assertEquals(0, calls.count("Query"));
        }
    }

    @Test
    void transitionsAreJudgedAgainstWhatTheStoreHeldBeforeThisInstanceStarted() throws Exception {
        // Another invocation saw a down and b up; this one starts cold, with no memory of its own.
        store.putHealth(HealthRecord.down("a", "connect refused", T0.minusSeconds(30), null));
        store.putHealth(new HealthRecord("b", true, "ok", T0.minusSeconds(30), 4L, null, null, null, null, 0, 0, 0, 2,
                null, List.of(), "boot-1"));
        HealthProbe probe = cluster -> cluster.name().equals("b")
                ? HealthRecord.down("b", "HTTP 503 Loading model", clock.instant(), 2L) : up(cluster);

        try (HealthPoller poller = poller(probe, Duration.ofSeconds(5), HealthPoller.Pause.sleeping(clock))) {
            HealthPoller.Round first = poller.pollOnce();
            clock.advance(Duration.ofSeconds(2));
            HealthPoller.Round second = poller.pollOnce();

            assertEquals(List.of("a down -> up", "b up -> down"), describe(first.transitions()),
                    "c's first sighting, healthy, is not news");
            assertTrue(second.transitions().isEmpty(), "nothing changed between the rounds");
        }
        assertEquals(List.of("a down -> up", "b up -> down"), describe(published));
    }

    @Test
    void aStoreThatRefusesWritesCostsTheWritesButNotTheRound() throws Exception {
        try (LocalDynamoServer doomed = LocalDynamoServer.start()) {
            StateTable.createIfMissing(doomed.client(), "state");
            var unreachable = new DynamoRoutingStateStore(doomed.client(),
                    io.llmrouter.config.StoreSettings.defaults().withTable("state"), clock);
            doomed.close();
            try (HealthPoller poller = new HealthPoller(clusters, this::up, unreachable, published::addAll,
                    Duration.ofSeconds(30), clock)) {
                HealthPoller.Round round = poller.pollOnce();

                assertEquals(3, round.records().size());
                assertEquals(3, round.upCount());
                assertEquals(0, round.written());
            }
        }
    }

    @Test
    void anInvocationRunsThePlansRoundsOneIntervalApartFromItsStart() throws Exception {
        List<Instant> waits = new ArrayList<>();
        HealthPoller.Pause pause = when -> {
            waits.add(when);
            clock.set(when);
        };
        HealthProbe slowProbe = cluster -> {
            clock.advance(Duration.ofMillis(300)); // the rounds start on the plan's beat, not 300 ms later each
            return up(cluster);
        };

        try (HealthPoller poller = poller(slowProbe, Duration.ofSeconds(7), pause)) {
            List<HealthPoller.Round> rounds = poller.poll(new PollPlan(Duration.ofMinutes(1), Duration.ofSeconds(15)),
                    () -> Long.MAX_VALUE);

            assertEquals(4, rounds.size());
            assertEquals(List.of(T0.plusSeconds(15), T0.plusSeconds(30), T0.plusSeconds(45)), waits);
            assertEquals(List.of(T0, T0.plusSeconds(15), T0.plusSeconds(30), T0.plusSeconds(45)),
                    rounds.stream().map(HealthPoller.Round::startedAt).toList());
        }
    }

    @Test
    void anInvocationStopsWhenItsRemainingTimeCannotCoverAnotherRound() throws Exception {
        HealthPoller.Pause pause = clock::set;
        long[] remaining = {65_000};
        try (HealthPoller poller = poller(this::up, Duration.ofSeconds(7), pause)) {
            // 65 s of Lambda time, consumed as the simulated clock moves: a round at 60 s may last until 67 s, plus 1 s to return.
            List<HealthPoller.Round> rounds = poller.poll(new PollPlan(Duration.ofSeconds(70), Duration.ofSeconds(20)),
                    () -> remaining[0] - Duration.between(T0, clock.instant()).toMillis());

            assertEquals(3, rounds.size(), "rounds at 0, 20 and 40 s; the one at 60 s could end after the timeout");
            assertFalse(rounds.stream().anyMatch(r -> r.startedAt().isAfter(T0.plusSeconds(40))));
        }
    }

    private static List<String> describe(List<HealthTransition> transitions) {
        return transitions.stream().map(t -> t.cluster() + " " + t.previous() + " -> " + t.current()).sorted().toList();
    }
}
