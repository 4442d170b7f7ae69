package io.llmrouter.health;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * Probes every configured cluster, in parallel, and writes what it saw to the routing state.
 *
 * <p>Each probe runs on its own virtual thread, so 200 clusters cost 200 cheap threads, and one
 * dead or slow cluster delays nobody's probe: a probe still running at the round's deadline is recorded as
 * down ("probe deadline exceeded") and the round moves on. Probes carry their own timeouts, so the
 * deadline is only a last guard. The round's records are written together once every probe is done
 * ({@link RoutingStateStore#putHealth(List)}: 100 per DynamoDB call), so a slow probe delays the others'
 * records by at most its own timeout.
 *
 * <p>One scheduled invocation may run several rounds ({@link #poll}), because EventBridge
 * schedules fire at most once a minute and health should be fresher than that.
 */
public final class HealthPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthPoller.class);

    private final List<ClusterConfig> clusters;
    private final HealthProbe probe;
    private final RoutingStateStore store;
    private final HealthTransitionPublisher publisher;
    private final Duration roundDeadline;
    private final Clock clock;
    private final Pause pause;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    /** The last record seen per cluster; seeded from the store so a cold start still sees transitions. */
    private Map<String, HealthRecord> lastSeen;

    public HealthPoller(List<ClusterConfig> clusters, HealthProbe probe, RoutingStateStore store,
                        HealthTransitionPublisher publisher, Duration roundDeadline, Clock clock) {
        this(clusters, probe, store, publisher, roundDeadline, clock, Pause.sleeping(clock));
    }

    /** @param pause waits between rounds; simulations pass one that moves their clock instead */
    public HealthPoller(List<ClusterConfig> clusters, HealthProbe probe, RoutingStateStore store,
                        HealthTransitionPublisher publisher, Duration roundDeadline, Clock clock, Pause pause) {
        this.pause = pause;
        this.clusters = List.copyOf(clusters);
        this.probe = probe;
        this.store = store;
        this.publisher = publisher;
        this.roundDeadline = roundDeadline;
        this.clock = clock;
    }

    /** How the poller waits for its next round. */
    @FunctionalInterface
    public interface Pause {

        void until(Instant when) throws InterruptedException;

        /** Sleeps the calling thread until {@code clock} reads {@code when}. */
        static Pause sleeping(Clock clock) {
            return when -> {
                long millis = Duration.between(clock.instant(), when).toMillis();
                if (millis > 0) {
                    Thread.sleep(millis);
                }
            };
        }
    }

    /** The outcome of one round: every cluster's record and the transitions it caused. */
    public record Round(Instant startedAt, List<HealthRecord> records, List<HealthTransition> transitions,
                        int written) {

        public long upCount() {
            return records.stream().filter(HealthRecord::up).count();
        }
    }

    /**
     * Runs the rounds of one scheduled invocation ({@link PollPlan}): each starts {@code plan.interval()}
     * after the previous one started, and the invocation stops early when {@code remainingMillis}
     * (the Lambda context's remaining time) would not cover another round.
     */
    public List<Round> poll(PollPlan plan, LongSupplier remainingMillis) throws InterruptedException {
        List<Round> done = new ArrayList<>();
        Instant invoked = clock.instant();
        int rounds = plan.rounds();
        for (int i = 0; i < rounds; i++) {
            Instant start = invoked.plus(plan.offset(i));
            if (i > 0) {
                long wait = Math.max(0, Duration.between(clock.instant(), start).toMillis());
                long needed = wait + roundDeadline.toMillis() + 1_000;
                if (remainingMillis.getAsLong() < needed) {
                    LOG.info("stopping after {} of {} rounds: {} ms left, next round needs {} ms",
                            i, rounds, remainingMillis.getAsLong(), needed);
                    break;
                }
                pause.until(start);
            }
            done.add(pollOnce());
        }
        return done;
    }

    /** Probes every cluster once, writes the records, publishes transitions. */
    public Round pollOnce() throws InterruptedException {
        if (lastSeen == null) {
            lastSeen = new HashMap<>(loadPreviousHealth());
        }
        Instant startedAt = clock.instant();
        List<Future<HealthRecord>> futures = new ArrayList<>(clusters.size());
        for (ClusterConfig cluster : clusters) {
            futures.add(executor.submit(() -> probe.probe(cluster)));
        }
        long deadline = System.nanoTime() + roundDeadline.toNanos();
        List<HealthRecord> records = new ArrayList<>(clusters.size());
        for (int i = 0; i < clusters.size(); i++) {
            records.add(await(futures.get(i), clusters.get(i), deadline, startedAt));
        }
        // The round's records in as few calls as the store allows (100 per call in DynamoDB), once every probe
        // has answered or run out of time: one call per 100 clusters, not one per cluster.
        int written = writeQuietly(records);
        // The route function reads the round's records from the published snapshot, when the deployment has one.
        store.publishSnapshot();

        List<HealthTransition> transitions = new ArrayList<>();
        for (HealthRecord record : records) {
            HealthTransition transition = HealthTransition.between(lastSeen.get(record.target()), record);
            if (transition != null) {
                transitions.add(transition);
                LOG.info("cluster {} went {} -> {}: {}", transition.cluster(), transition.previous(),
                        transition.current(), transition.reason());
            }
            lastSeen.put(record.target(), record);
        }
        if (!transitions.isEmpty()) {
            publisher.publish(transitions);
        }
        return new Round(startedAt, records, transitions, written);
    }

    private HealthRecord await(Future<HealthRecord> future, ClusterConfig cluster, long deadlineNanos,
                               Instant startedAt) throws InterruptedException {
        try {
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return HealthRecord.down(cluster.name(),
                    "probe deadline exceeded (" + roundDeadline.toMillis() + " ms)", startedAt, roundDeadline.toMillis());
        } catch (ExecutionException e) {
            // A probe must not throw; if one does, the cluster is still reported rather than lost.
            LOG.warn("probe of {} failed unexpectedly", cluster.name(), e.getCause());
            return HealthRecord.down(cluster.name(), "probe error: " + e.getCause(), startedAt, null);
        }
    }

    private int writeQuietly(List<HealthRecord> records) {
        try {
            return store.putHealth(records);
        } catch (RuntimeException e) {
            LOG.warn("could not write the round's {} health records: {}", records.size(), e.toString());
            return 0;
        }
    }

    private Map<String, HealthRecord> loadPreviousHealth() {
        try {
            return store.loadRecords().health();
        } catch (RuntimeException e) {
            LOG.warn("could not read previous health records, transitions start from unknown: {}", e.toString());
            return Map.of();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
