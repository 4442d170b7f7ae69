package io.llmrouter.replay.sim;

import io.llmrouter.replay.trace.TraceRequest;

/**
 * Where requests go: the router, or one of the policies it is compared with. One instance per replay.
 */
public interface Policy {

    /**
     * The target {@code request} is sent to, at the world's current time; null to send it nowhere (no
     * target can take it).
     */
    String choose(TraceRequest request, World world);

    /**
     * {@code target} answered the trace's request {@code request} (its index) successfully at {@code at}:
     * its last token arrived. The route function learns of it.
     */
    default void answered(int request, String target, double at) {
    }

    /** Creates a policy for one replay, once the world's first poll and price refresh have run. */
    @FunctionalInterface
    interface Factory {
        Policy create(World world);
    }
}
