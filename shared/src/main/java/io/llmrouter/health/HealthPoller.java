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
 * dead or slow cluster delays nobody: a probe still running at the round's deadline is recorded as
 * down ("probe deadline exceeded") and the round moves on. Probes carry their own timeouts, so the
 * deadline is only a last guard.
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
        List<Future<Probed>> futures = new ArrayList<>(clusters.size());
        for (ClusterConfig cluster : clusters) {
            // Probe and write in the same virtual thread: 200 clusters' writes overlap like their probes.
            futures.add(executor.submit(() -> {
                HealthRecord record = probe.probe(cluster);
                return new Probed(record, writeQuietly(record));
            }));
        }
        long deadline = System.nanoTime() + roundDeadline.toNanos();
        List<HealthRecord> records = new ArrayList<>(clusters.size());
        int written = 0;
        for (int i = 0; i < clusters.size(); i++) {
            Probed probed = await(futures.get(i), clusters.get(i), deadline, startedAt);
            records.add(probed.record());
            written += probed.written() ? 1 : 0;
        }

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

    /** A probe's record, and whether the store took it. */
    private record Probed(HealthRecord record, boolean written) {
    }

    private Probed await(Future<Probed> future, ClusterConfig cluster, long deadlineNanos,
                         Instant startedAt) throws InterruptedException {
        try {
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            return future.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            HealthRecord down = HealthRecord.down(cluster.name(),
                    "probe deadline exceeded (" + roundDeadline.toMillis() + " ms)", startedAt, roundDeadline.toMillis());
            return new Probed(down, writeQuietly(down));
        } catch (ExecutionException e) {
            // A probe must not throw; if one does, the cluster is still reported rather than lost.
            LOG.warn("probe of {} failed unexpectedly", cluster.name(), e.getCause());
            HealthRecord down = HealthRecord.down(cluster.name(), "probe error: " + e.getCause(), startedAt, null);
            return new Probed(down, writeQuietly(down));
        }
    }

    private boolean writeQuietly(HealthRecord record) {
        try {
            return store.putHealth(record);
        } catch (RuntimeException e) {
            LOG.warn("could not write the health record of {}: {}", record.target(), e.toString());
            return false;
        }
    }

    private Map<String, HealthRecord> loadPreviousHealth() {
        try {
            return store.loadSnapshot().health();
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
