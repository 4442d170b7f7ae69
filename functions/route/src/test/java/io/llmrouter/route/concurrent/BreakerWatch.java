package io.llmrouter.route.concurrent;

import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.BreakerState.Position;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.RoutingStateStore;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Reads the targets' circuit breakers back from the store, over and over while the router runs, and notes every
 * breaker that breaks the rules: a version that goes back, a position whose fields contradict it, a cool-down
 * outside the policy. Also notes which positions each target was seen in, to show the run went through them.
 */
public final class BreakerWatch {

    private final RoutingStateStore store;
    private final BreakerPolicy policy;
    private final Map<String, BreakerState> last = new ConcurrentHashMap<>();
    private final Map<String, Set<Position>> positions = new ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private volatile int reads;

    public BreakerWatch(RoutingStateStore store, BreakerPolicy policy) {
        this.store = store;
        this.policy = policy;
    }

    /** One read of every breaker; called from one thread. */
    public void readOnce(List<String> targets) {
        RoutingSnapshot snapshot = store.loadSnapshot();
        reads++;
        for (String target : targets) {
            snapshot.breakerOf(target).ifPresent(this::check);
        }
    }

    private void check(BreakerState state) {
        String target = state.target();
        BreakerState before = last.put(target, state);
        if (before != null && state.version() < before.version()) {
            violations.add(target + ": version went back from " + before + " to " + state);
        }
        if (before != null && state.version() == before.version() && !state.equals(before)) {
            violations.add(target + ": two states with version " + state.version() + ": " + before + ", " + state);
        }
        positions.computeIfAbsent(target, t -> EnumSet.noneOf(Position.class)).add(state.state());
        String wrong = whatIsWrong(state);
        if (wrong != null) {
            violations.add(target + ": " + wrong + ": " + state);
        }
    }

    private String whatIsWrong(BreakerState state) {
        if (state.version() < 1) {
            return "a stored breaker without a version";
        }
        return switch (state.state()) {
            case CLOSED -> state.consecutiveFailures() >= policy.failureThreshold() ? "closed past the threshold"
                    : state.openUntil() != null || state.trialUntil() != null ? "closed with a cool-down or a claim"
                    : null;
            case OPEN -> state.consecutiveFailures() < policy.failureThreshold() ? "open below the threshold"
                    : state.openUntil() == null ? "open without a cool-down"
                    : state.trialUntil() != null ? "open with a trial claim"
                    : !cooldownWithinPolicy(Duration.between(state.updatedAt(), state.openUntil()))
                    ? "cool-down outside the policy" : null;
            case HALF_OPEN -> state.consecutiveFailures() < policy.failureThreshold() ? "half-open below the threshold"
                    : state.trialUntil() == null ? "half-open without a claim"
                    : state.openUntil() == null ? "half-open without the cool-down it claimed after"
                    : state.trialUntil().isBefore(state.updatedAt()) ? "a claim that lapsed before it was made"
                    : null;
        };
    }

    private boolean cooldownWithinPolicy(Duration cooldown) {
        return cooldown.compareTo(policy.cooldown()) >= 0 && cooldown.compareTo(policy.maxCooldown()) <= 0;
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    public Set<Position> positionsOf(String target) {
        return positions.getOrDefault(target, Set.of());
    }

    public BreakerState lastOf(String target) {
        return last.get(target);
    }

    public int reads() {
        return reads;
    }
}
