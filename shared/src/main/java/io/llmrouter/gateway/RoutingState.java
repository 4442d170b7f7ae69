package io.llmrouter.gateway;

import io.llmrouter.forward.CircuitBreakers;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.SnapshotCache;

/**
 * The routing state as the endpoints read it: the cached snapshot, and the same with this instance's
 * own breaker writes laid over it, so that a decision sees what this instance just learned before the
 * next reload brings it back from the store.
 */
final class RoutingState {

    private final SnapshotCache snapshots;
    private final CircuitBreakers breakers;

    RoutingState(SnapshotCache snapshots, CircuitBreakers breakers) {
        this.snapshots = snapshots;
        this.breakers = breakers;
    }

    /** The snapshot as loaded from the store. */
    RoutingSnapshot stored() {
        return snapshots.current();
    }

    /** The snapshot to route with: the stored one, with this instance's newer breaker states. */
    RoutingSnapshot current() {
        return snapshots.current().withNewerBreakers(breakers.seenByThisInstance());
    }
}
