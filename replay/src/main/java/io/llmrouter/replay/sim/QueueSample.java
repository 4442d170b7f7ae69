package io.llmrouter.replay.sim;

/**
 * A cluster's queue at one instant, as it was and as the router could know it: the router decides with the
 * health record the poller last wrote, so between polls its view of a queue lags the queue.
 *
 * @param at            seconds after the trace's start
 * @param cluster       the cluster's name
 * @param trueDeferred  requests waiting for a slot at {@code at} ({@link SimulatedCluster#deferredAt})
 * @param seenDeferred  {@code requestsDeferred} of the cluster's newest health record in the store; null when
 *                      there is none or it has no queue depth
 */
public record QueueSample(double at, String cluster, int trueDeferred, Integer seenDeferred) {
}
