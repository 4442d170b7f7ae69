package io.llmrouter.health;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.SnapshotCache;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The deployed schedule on a simulated clock: EventBridge invokes the health-poller once a minute,
 * up to a second late, and each invocation polls every {@code healthCheckInterval} ({@link PollPlan}).
 * Meanwhile a route function, with the default 5 s snapshot refresh, routes a request every 100 ms.
 * The real poller, snapshot cache and router run against DynamoDB Local; only time is simulated.
 *
 * <p>While the poller keeps its schedule, the record age the router judges never exceeds the window
 * and no request is refused. Once it stops, the cluster is refused as soon as its last record ages out.
 */
class DeployedPollScheduleTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private static final Duration EVENTBRIDGE_PERIOD = Duration.ofMinutes(1);
    private static final Duration REQUEST_EVERY = Duration.ofMillis(100);
    private static final Duration PROBE_TAKES = Duration.ofMillis(40);
    private static final int MINUTES = 10;
    private static final RouteRequest REQUEST = new RouteRequest("auto", 100, 50);

    /** Young by the wall clock: DynamoDB Local deletes records whose TTL (a day after their observation) has passed. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
    private Router router;
    private SnapshotCache snapshots;
    private Duration window;
    private Duration oldestJudged = Duration.ZERO;
    private long requests;
    private Instant firstRefusal;

    @ParameterizedTest(name = "healthCheckInterval {0} s")
    @ValueSource(ints = {2, 5, 15, 30})
    void aClusterPolledOnScheduleIsNeverRefusedAsStale(int intervalSeconds) throws Exception {
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {healthCheckInterval: %ds}
                clusters: [{name: gpu, endpoint: "http://gpu.internal:8080", costPerHour: 0.09}]
                store: {tableName: %s}
                """.formatted(intervalSeconds, dynamo.tableName()), Map.of());
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        var store = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
        window = config.router().healthStaleAfter();
        router = new Router(config);
        snapshots = new SnapshotCache(store, config.store(), window, clock, SnapshotCacheListener.NONE);
        HealthProbe probe = cluster -> {
            Instant started = clock.instant();
            clock.advance(PROBE_TAKES);
            return new HealthRecord(cluster.name(), true, "ok", started, PROBE_TAKES.toMillis(), null, null, null,
                    null, 0, 0, 0, 2, null, List.of(), "boot-1");
        };
        PollPlan plan = new PollPlan(EVENTBRIDGE_PERIOD, config.router().healthCheckInterval());
        Instant scheduleStart = clock.instant();
        Instant lastObserved = null;
        try (HealthPoller poller = new HealthPoller(config.clusters(), probe, store, HealthTransitionPublisher.NONE,
                Duration.ofSeconds(7), clock, this::routeUntil)) {
            for (int minute = 0; minute < MINUTES; minute++) {
                // EventBridge delivers up to a second late; the function may take a moment more to start.
                Instant invoked = scheduleStart.plus(EVENTBRIDGE_PERIOD.multipliedBy(minute))
                        .plusMillis((minute * 379L) % 1_000);
                routeUntil(invoked);
                List<HealthPoller.Round> rounds = poller.poll(plan, () -> 75_000
                        - Duration.between(invoked, clock.instant()).toMillis());
                assertEquals(plan.rounds(), rounds.size(), "minute " + minute);
                lastObserved = rounds.get(rounds.size() - 1).startedAt();
            }
            routeUntil(scheduleStart.plus(EVENTBRIDGE_PERIOD.multipliedBy(MINUTES))); // the next one is due here
        }
        assertTrue(oldestJudged.compareTo(window) <= 0, "judged " + oldestJudged + " against a window of " + window);
        assertEquals(null, firstRefusal, "refused at " + firstRefusal + " after " + requests + " requests");
        assertTrue(requests >= MINUTES * 600, "a request every 100 ms for " + MINUTES + " minutes: " + requests);

        // The poller stops: the router refuses the cluster once its last record is a window old.
        Instant agedOut = lastObserved.plus(window);
        routeUntil(agedOut.plus(Duration.ofSeconds(10)));
        assertTrue(firstRefusal != null && !firstRefusal.isAfter(agedOut.plus(REQUEST_EVERY).plus(PROBE_TAKES)),
                "last record observed " + lastObserved + ", refused from " + firstRefusal);
    }

    /** Routes a request every 100 ms of simulated time until {@code until}: the poller's pause between rounds. */
    private void routeUntil(Instant until) {
        while (clock.instant().isBefore(until)) {
            Duration left = Duration.between(clock.instant(), until);
            clock.advance(left.compareTo(REQUEST_EVERY) < 0 ? left : REQUEST_EVERY);
            route();
        }
    }

    private void route() {
        Instant now = clock.instant();
        RoutingSnapshot snapshot = snapshots.current();
        RoutingDecision decision = router.decide(REQUEST, snapshot, now);
        requests++;
        HealthRecord record = snapshot.health().get("gpu");
        if (record == null) {
            fail("no health record at " + now);
        }
        Duration judged = router.freshness().age(record, snapshot.loadedAt(), now);
        if (decision.outcome() != RoutingDecision.Outcome.ROUTED) {
            if (firstRefusal == null) {
                firstRefusal = now;
            }
            return;
        }
        if (judged.compareTo(oldestJudged) > 0) {
            oldestJudged = judged;
        }
    }
}
