package io.llmrouter.state;

import io.llmrouter.config.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The routing snapshot a route-function instance holds in memory.
 *
 * <p>{@link #current()} hands out the cached snapshot without touching the store until it is
 * {@code snapshotRefresh} old; the next call then reloads it. It reloads sooner when a cluster's health
 * record in the snapshot would pass its staleness window ({@code healthStaleAfter}) before then: the
 * poller has written a newer record by that time, and if it has not, the router should learn so now
 * rather than one refresh later. Loads run on the calling thread (a Lambda instance has no time between
 * invocations for background work), and only one thread loads at a time: the others keep getting the
 * cached snapshot meanwhile, unless it is overdue (older than a refresh interval, as after an idle
 * spell) or there is nothing fit to hand out; then they wait for the load.
 *
 * <p>When a load fails (DynamoDB unreachable, throttled, or any other error) the last snapshot is still
 * handed out until it is {@code maxSnapshotStaleness} old; past that, or before any load succeeded,
 * {@link #current()} throws {@link RoutingStateUnavailableException}. A failed load is retried once per
 * refresh interval, not on every call, so an outage does not add a DynamoDB timeout to every request;
 * {@link #invalidate()} asks for a load on the next call.
 */
public final class SnapshotCache {

    private static final Logger log = LoggerFactory.getLogger(SnapshotCache.class);
    /**
     * With a published snapshot, each load comes up to this share of the refresh interval early, at random: instances
     * started together (a scale-out) would otherwise read the same copies in the same second, every refresh.
     * Early, never late, so that the refresh interval stays the longest a snapshot is kept.
     */
    static final double JITTER = 0.2;

    /**
     * Everything a reader needs, swapped as a whole so that a reader never sees half an update.
     *
     * @param snapshot      the last snapshot loaded, null until the first load succeeds
     * @param loadedAt      when that load started, by this cache's clock
     * @param nextLoadAt    the earliest time the next load may be attempted
     * @param lastFailure   why the latest load attempt failed; null when it succeeded
     */
    private record State(RoutingSnapshot snapshot, Instant loadedAt, Instant nextLoadAt,
                         RuntimeException lastFailure) {
    }

    private final RoutingStateStore store;
    private final Duration refreshInterval;
    /** Share of the refresh interval a load may come early by: 0, or {@link #JITTER} with a published snapshot. */
    private final double jitter;
    private final Duration maxStaleness;
    private final Duration healthStaleAfter;
    private final Clock clock;
    private final SnapshotCacheListener listener;
    private final ReentrantLock loadLock = new ReentrantLock();
    private final AtomicLong loads = new AtomicLong();
    private final AtomicLong loadFailures = new AtomicLong();
    private final AtomicLong staleServes = new AtomicLong();
    private volatile State state = new State(null, null, Instant.MIN, null);

    public SnapshotCache(RoutingStateStore store, StoreSettings settings) {
        this(store, settings, Clock.systemUTC(), SnapshotCacheListener.NONE);
    }

    public SnapshotCache(RoutingStateStore store, StoreSettings settings, Clock clock,
                         SnapshotCacheListener listener) {
        this(store, settings, null, clock, listener);
    }

    /**
     * @param healthStaleAfter the age past which a health record no longer counts
     *                         ({@code router.healthStaleAfter()}); null never reloads early
     */
    public SnapshotCache(RoutingStateStore store, StoreSettings settings, Duration healthStaleAfter, Clock clock,
                         SnapshotCacheListener listener) {
        if (!settings.snapshotRefresh().isPositive()
                || settings.maxSnapshotStaleness().compareTo(settings.snapshotRefresh()) < 0) {
            throw new IllegalArgumentException("Snapshot refresh must be positive and no longer than the maximum "
                    + "staleness; got refresh " + settings.snapshotRefresh() + ", maximum staleness "
                    + settings.maxSnapshotStaleness());
        }
        this.store = store;
        this.refreshInterval = settings.snapshotRefresh();
        this.jitter = settings.publishing().enabled() ? JITTER : 0;
        this.maxStaleness = settings.maxSnapshotStaleness();
        this.healthStaleAfter = healthStaleAfter;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * The snapshot to route with.
     *
     * @throws RoutingStateUnavailableException when no snapshot younger than the maximum staleness exists
     */
    public RoutingSnapshot current() {
        State seen = state;
        if (!clock.instant().isBefore(seen.nextLoadAt())) {
            seen = loadIfDue(seen);
        }
        return handOut(seen, clock.instant());
    }

    /** Makes the next {@link #current()} reload, e.g. so that a breaker writer sees its own write. */
    public void invalidate() {
        loadLock.lock();
        try {
            State s = state;
            state = new State(s.snapshot(), s.loadedAt(), Instant.MIN, s.lastFailure());
        } finally {
            loadLock.unlock();
        }
    }

    public SnapshotCacheStats stats() {
        return new SnapshotCacheStats(loads.get(), loadFailures.get(), staleServes.get());
    }

    private State loadIfDue(State seen) {
        Instant now = clock.instant();
        if (fitToHandOut(seen, now) && !overdue(seen, now)) {
            if (!loadLock.tryLock()) {
                return seen; // another thread is loading; the cached snapshot will do meanwhile
            }
        } else {
            loadLock.lock();
        }
        try {
            State latest = state;
            if (clock.instant().isBefore(latest.nextLoadAt())) {
                return latest; // loaded (or failed) on another thread while this one waited
            }
            state = load(latest);
            return state;
        } finally {
            loadLock.unlock();
        }
    }

    private State load(State previous) {
        Instant started = clock.instant();
        RoutingSnapshot snapshot;
        try {
            snapshot = store.loadSnapshot();
        } catch (RuntimeException failure) {
            Instant failedAt = clock.instant();
            loadFailures.incrementAndGet();
            Duration age = previous.snapshot() == null ? null : Duration.between(previous.loadedAt(), failedAt);
            log.warn("Loading the routing state failed ({}); {}", failure,
                    age == null ? "no snapshot to route with yet"
                            : "keeping the snapshot loaded " + age + " ago, usable until " + maxStaleness + " old");
            listener.onLoadFailed(failure, age);
            return new State(previous.snapshot(), previous.loadedAt(), failedAt.plus(refreshInterval), failure);
        }
        loads.incrementAndGet();
        listener.onLoaded(snapshot, Duration.between(started, clock.instant()));
        return new State(snapshot, started, nextLoad(snapshot, started), null);
    }

    /** One refresh interval after {@code loadedAt}, or sooner when a health record would go stale first. */
    private Instant nextLoad(RoutingSnapshot snapshot, Instant loadedAt) {
        Instant next = loadedAt.plus(jittered(refreshInterval));
        if (healthStaleAfter == null) {
            return next;
        }
        for (HealthRecord record : snapshot.health().values()) {
            if (!record.up() || record.observedAt() == null) {
                continue; // a down record is refused whatever its age
            }
            // The first millisecond it counts as stale: a load at that moment learns whether the poller wrote anew.
            Instant goesStale = record.observedAt().plus(healthStaleAfter).plusMillis(1);
            // Only records still fresh now: an already stale one would make every call reload.
            if (goesStale.isAfter(loadedAt) && goesStale.isBefore(next)) {
                next = goesStale;
            }
        }
        return next;
    }

    private Duration jittered(Duration interval) {
        if (jitter == 0) {
            return interval;
        }
        double early = ThreadLocalRandom.current().nextDouble(jitter);
        return Duration.ofNanos(Math.round(interval.toNanos() * (1 - early)));
    }

    /** Older than a refresh interval although the last load succeeded: every caller waits for the reload. */
    private boolean overdue(State s, Instant now) {
        return s.lastFailure() == null && s.loadedAt() != null
                && Duration.between(s.loadedAt(), now).compareTo(refreshInterval) > 0;
    }

    private RoutingSnapshot handOut(State s, Instant now) {
        if (s.snapshot() == null) {
            throw new RoutingStateUnavailableException("No routing state has been loaded yet"
                    + because(s.lastFailure()), s.lastFailure());
        }
        Duration age = Duration.between(s.loadedAt(), now);
        if (age.compareTo(maxStaleness) > 0) {
            throw new RoutingStateUnavailableException("The routing state is " + age + " old, past the "
                    + maxStaleness + " limit" + because(s.lastFailure()), s.lastFailure());
        }
        if (s.lastFailure() != null) {
            staleServes.incrementAndGet();
            listener.onServedStale(age);
        }
        return s.snapshot();
    }

    private boolean fitToHandOut(State s, Instant now) {
        return s.snapshot() != null && Duration.between(s.loadedAt(), now).compareTo(maxStaleness) <= 0;
    }

    private static String because(RuntimeException failure) {
        return failure == null ? "" : "; the last load failed: " + failure;
    }
}
