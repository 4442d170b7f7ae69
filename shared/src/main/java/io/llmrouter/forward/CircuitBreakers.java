package io.llmrouter.forward;

import io.llmrouter.routing.LiveEvidence;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.RoutingStateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records request outcomes to the breakers shared by every instance of the route function, and hands
 * out the one trial a breaker allows once its cool-down is over.
 *
 * <p>Writes are optimistic: each new state carries the version it was computed from, and a write
 * that loses to another instance is dropped rather than retried, because the winner saw the same
 * target fail or succeed moments ago. This instance also remembers what it wrote, and the claims it
 * lost to, so its own next decision sees the breaker before the shared snapshot is reloaded.
 *
 * <p>A trial is claimed with the same conditional write ({@link #admit}): all requests that find a
 * trial due write a claim on the version they read, DynamoDB lets exactly one of them through, and
 * the others are held back. That write happens only when a trial is due; a closed breaker admits
 * without touching the store.
 */
public final class CircuitBreakers {

    private static final Logger LOG = LoggerFactory.getLogger(CircuitBreakers.class);
    /** Why a request is held back when the claim it lost to could not be read. */
    static final String TRIAL_TAKEN = "circuit breaker half-open: another request claimed the trial";

    private final RoutingStateStore store;
    private final BreakerPolicy policy;
    private final Clock clock;
    private final Map<String, BreakerState> seen = new ConcurrentHashMap<>();
    /** The writes under way on this instance, as target#version-they-are-based-on. */
    private final Set<String> writing = ConcurrentHashMap.newKeySet();
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

    /**
     * An attempt on {@code target} is being sent now: it counts in this instance's requests in flight
     * (which the router adds to a cluster's polled queue) until the returned handle is closed.
     */
    public LiveEvidence.InFlight sending(String target) {
        return evidence.sending(target, clock);
    }

    /** {@code target} answered with {@code tokens} of output: the router's estimate of how long its slots stay busy. */
    public void generated(String target, int tokens) {
        evidence.generated(target, tokens);
    }

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
            publish();
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
        publish();
        return Change.CLOSED;
    }

    /**
     * Other instances learn of an opened or closed breaker at their next refresh, also when they read a published
     * snapshot: this instance publishes it. Only these two changes, which one write per version wins, so a target
     * going down publishes once, not once per failure; counts and trial claims wait for the pollers' next publish.
     */
    private void publish() {
        store.publishSnapshot();
    }

    /**
     * Whether a request may now be sent to {@code target}; called right before sending. A closed
     * breaker admits at once. When a trial is due, this request claims it: exactly one of the requests
     * on every instance that try wins and is sent as the trial; the others are held back, and this
     * instance remembers the winning claim so that its next requests skip the target without a write.
     *
     * @param fromSnapshot the breaker the request was routed on
     * @param timeLeft     until the request's deadline: a claim lapses soon after it, so that a trial
     *                     whose instance died does not keep the target out
     * @return empty when the request may be sent; otherwise why it is held back
     */
    public Optional<String> admit(String target, BreakerState fromSnapshot, Duration timeLeft) {
        Instant now = clock.instant();
        BreakerState current = newest(target, fromSnapshot);
        // Two rounds: a claim can lose to a state whose trial is still due, when what this instance knew
        // never reached the store (a write that failed); the request then claims on the stored version.
        for (int round = 0; round < 2 && current != null && current.trialDue(now); round++) {
            BreakerState claim = policy.trialClaim(current, now, timeLeft);
            RoutingStateStore.BreakerWrite write;
            try {
                write = store.putBreakerOrRead(claim, current.version());
            } catch (RuntimeException e) {
                // No instance can coordinate without the store. This one sends its own trial, and keeps
                // the claim locally so that its other requests wait for the result.
                LOG.warn("could not claim the trial of {}, trying it from this instance only: {}", target, e.toString());
                remember(claim);
                return Optional.empty();
            }
            if (write.written()) {
                remember(claim);
                LOG.info("circuit breaker of {} half-open: this request is its trial, claimed until {}", target,
                        claim.trialUntil());
                return Optional.empty();
            }
            if (write.stored() == null) {
                return Optional.of(TRIAL_TAKEN);
            }
            learn(target, current, write.stored());
            current = write.stored();
        }
        if (current == null || current.state() == BreakerState.Position.CLOSED) {
            return Optional.empty(); // perhaps closed by a trial that ended since the snapshot was loaded
        }
        String refusal = current.refusal(now);
        return Optional.of(refusal == null ? TRIAL_TAKEN : refusal); // null: still due after two lost claims
    }

    /** What this instance wrote to the breakers, and the states it read back when a claim of its lost. */
    public Map<String, BreakerState> seenByThisInstance() {
        return Map.copyOf(seen);
    }

    /**
     * Remembers {@code stored}, the state a write of this instance lost to, in place of what this
     * instance had: that was {@code basis} (the state the lost write was based on, so the store has moved
     * past it or it never got there), unless another request has written something newer meanwhile.
     */
    private void learn(String target, BreakerState basis, BreakerState stored) {
        seen.compute(target, (t, mine) -> mine != null && mine.version() > basis.version() ? mine : stored);
    }

    private BreakerState newest(String target, BreakerState fromSnapshot) {
        BreakerState mine = seen.get(target);
        if (mine == null) {
            return fromSnapshot;
        }
        return fromSnapshot == null || mine.version() >= fromSnapshot.version() ? mine : fromSnapshot;
    }

    private boolean write(BreakerState next, BreakerState current) {
        long expected = current == null ? 0 : current.version();
        String basis = next.target() + "#" + expected;
        // Requests on many threads of one instance see the same outcome at once (a target answering again after a
        // failure: every success computes the same reset). Of their writes on one version at most one can win the
        // conditional write; the others would lose it in a DynamoDB round trip each, so they are dropped here.
        if (!writing.add(basis)) {
            return false;
        }
        try {
            if (store.putBreaker(next, expected)) {
                remember(next);
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            // The shared breaker is best effort: keep routing, and keep the state locally.
            LOG.warn("could not write the breaker of {}: {}", next.target(), e.toString());
            remember(next);
            return false;
        } finally {
            writing.remove(basis);
        }
    }

    /**
     * Remembers a state this instance wrote (or meant to), unless it already remembers a newer one: requests of
     * one instance run on many threads, and a write that lands first may return last. A plain put would then
     * replace the newer state with the older, and this instance's next write would be based on a version the
     * store has passed, and be lost.
     */
    private void remember(BreakerState state) {
        seen.merge(state.target(), state, (mine, written) -> written.version() >= mine.version() ? written : mine);
    }
}
