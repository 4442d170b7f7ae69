package io.llmrouter.forward;

import io.llmrouter.routing.BreakerState;
import io.llmrouter.routing.LiveEvidence;
import io.llmrouter.store.RoutingStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Records request outcomes to the breakers shared by every instance of the route function.
 *
 * <p>Writes are optimistic: each new state carries the version it was computed from, and a write
 * that loses to another instance is dropped rather than retried, because the winner saw the same
 * target fail or succeed moments ago. This instance also remembers what it wrote, so its own next
 * decision sees the breaker before the shared snapshot is reloaded.
 */
public final class CircuitBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakers.class);

    private final RoutingStateStore store;
    private final BreakerPolicy policy;
    private final Clock clock;
    private final Map<String, BreakerState> written = new ConcurrentHashMap<>();
    private final LiveEvidence evidence;

    public CircuitBreakers(RoutingStateStore store, BreakerPolicy policy, Clock clock) {
        this(store, policy, clock, new LiveEvidence());
    }

    /** @param evidence told about every success, so that the router sees targets that answer */
    public CircuitBreakers(RoutingStateStore store, BreakerPolicy policy, Clock clock, LiveEvidence evidence) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
        this.evidence = evidence;
    }

    /** What happened, for metrics: whether this call opened the breaker. */
    public enum Change { NONE, OPENED, CLOSED, COUNTED }

    public Change recordFailure(String target, BreakerState fromSnapshot) {
        Instant now = clock.instant();
        BreakerState current = newest(target, fromSnapshot);
        BreakerState next = policy.afterFailure(current, target, now);
        if (!write(next, current)) {
            return Change.NONE;
        }
        if (next.state() == BreakerState.Position.OPEN) {
            LOG.warn("circuit breaker of {} opened after {} consecutive failures, until {}", target,
                    next.consecutiveFailures(), next.openUntil());
            return Change.OPENED;
        }
        return Change.COUNTED;
    }

    public Change recordSuccess(String target, BreakerState fromSnapshot) {
        Instant now = clock.instant();
        evidence.answered(target, now);
        BreakerState current = newest(target, fromSnapshot);
        BreakerState next = policy.afterSuccess(current, target, now);
        if (next == null || !write(next, current)) {
            return Change.NONE;
        }
        LOG.info("circuit breaker of {} closed", target);
        return Change.CLOSED;
    }

    /**
     * The breaker states to route with: the snapshot's, overlaid with this instance's newer writes.
     */
    public Function<String, BreakerState> overlay(Function<String, BreakerState> snapshotBreakers) {
        return target -> newest(target, snapshotBreakers.apply(target));
    }

    public Map<String, BreakerState> writtenByThisInstance() {
        return Map.copyOf(written);
    }

    private BreakerState newest(String target, BreakerState fromSnapshot) {
        BreakerState mine = written.get(target);
        if (mine == null) {
            return fromSnapshot;
        }
        return fromSnapshot == null || mine.version() >= fromSnapshot.version() ? mine : fromSnapshot;
    }

    private boolean write(BreakerState next, BreakerState current) {
        long expected = current == null ? 0 : current.version();
        try {
            if (store.putBreaker(next, expected)) {
                written.put(next.target(), next);
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            // The shared breaker is best effort: keep routing, and keep the state locally.
            LOG.warn("could not write the breaker of {}: {}", next.target(), e.toString());
            written.put(next.target(), next);
            return false;
        }
    }
}
