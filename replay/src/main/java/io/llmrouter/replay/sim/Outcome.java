package io.llmrouter.replay.sim;

/**
 * What happened to one request of the trace under one policy.
 *
 * @param index            the request's row in the trace
 * @param target           where it was sent; null when the policy sent it nowhere
 * @param cluster          whether {@code target} is a cluster
 * @param arrival          seconds after the trace's start
 * @param queueWait        seconds waiting for a slot (0 at a provider)
 * @param ttft             seconds from arrival to the first token
 * @param end              when its last token came, in seconds after the trace's start
 * @param providerCostUsd  what the provider charged for it at its token prices; 0 on a cluster
 * @param sentToDownTarget whether its target was down when it was sent
 */
public record Outcome(int index, String target, boolean cluster, double arrival, double queueWait, double ttft,
                      double end, double providerCostUsd, boolean sentToDownTarget) {

    public static Outcome unrouted(int index, double arrival) {
        return new Outcome(index, null, false, arrival, 0, 0, arrival, 0, false);
    }

    public boolean routed() {
        return target != null;
    }
}
