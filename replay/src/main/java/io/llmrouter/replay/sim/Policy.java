package io.llmrouter.replay.sim;

import io.llmrouter.replay.trace.TraceRequest;

import java.util.List;

/**
 * Where requests go: the router, or one of the policies it is compared with. One instance per replay.
 *
 * <p>A policy ranks targets; the {@link World} then tries them in order as the route function's forwarder
 * does, failing over before the first byte when a target refuses the connection or answers 429, and tells
 * the policy what it saw ({@link #failed}, {@link #answered}).
 */
public interface Policy {

    /**
     * The targets to try for {@code request}, at the world's current time, best first; empty to send it
     * nowhere (no target can take it).
     */
    List<String> choose(TraceRequest request, World world);

    /**
     * Whether the attempt on {@code target}, next in this request's list, may be sent now; false holds it
     * back without sending (the router's breaker trial claimed by another request).
     */
    default boolean mayTry(String target) {
        return true;
    }

    /** An attempt of the trace's request {@code request} (its index) on {@code target} is sent now. */
    default void sending(int request, String target) {
    }

    /**
     * The attempt of request {@code request} on {@code target} failed before its first byte at {@code at}
     * (connection refused, 429).
     */
    default void failed(int request, String target, double at) {
    }

    /**
     * {@code target} answered request {@code request} successfully at {@code at}: its last token arrived. The
     * route function learns of it.
     */
    default void answered(int request, String target, double at) {
    }

    /** Creates a policy for one replay, once the world's first poll and price refresh have run. */
    @FunctionalInterface
    interface Factory {
        Policy create(World world);
    }
}
