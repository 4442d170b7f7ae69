package io.llmrouter.replay.sim;

/**
 * What happened to one request of the trace under one policy.
 *
 * @param index           the request's row in the trace
 * @param target          where it was answered, or the last target tried when it was lost; null when the
 *                        policy sent it nowhere
 * @param cluster         whether {@code target} is a cluster
 * @param arrival         seconds after the trace's start
 * @param queueWait       seconds waiting for a slot (0 at a provider)
 * @param ttft            seconds from arrival to the first token, failed attempts included
 * @param end             when its last token came (or when it was lost), in seconds after the trace's start
 * @param providerCostUsd what the provider charged for it at its token prices of the time; 0 on a cluster
 * @param attempts        the attempts sent for it
 * @param lost            no answer: every attempt failed, or the cluster it queued on went down when it had no
 *                        attempt or time budget left
 */
public record Outcome(int index, String target, boolean cluster, double arrival, double queueWait, double ttft,
                      double end, double providerCostUsd, Attempts attempts, boolean lost) {

    /**
     * The attempts of one request, as the forwarder makes them.
     *
     * @param sent                    attempts sent (held-back candidates are not sent)
     * @param failed                  of them, those that failed before the first byte
     * @param toDownTarget            of them, those sent to a cluster that was down
     * @param toDownAfterPollInterval of those, the ones sent more than one health-check interval after the
     *                                cluster went down: by then a poll had seen it down
     */
    public record Attempts(int sent, int failed, int toDownTarget, int toDownAfterPollInterval) {

        public static final Attempts NONE = new Attempts(0, 0, 0, 0);
        public static final Attempts ONE = new Attempts(1, 0, 0, 0);

        /** Times the request moved on to its next candidate after a failed attempt. */
        public int failovers() {
            return Math.max(0, sent - 1);
        }
    }

    public static Outcome unrouted(int index, double arrival) {
        return new Outcome(index, null, false, arrival, 0, 0, arrival, 0, Attempts.NONE, false);
    }

    /** Sent somewhere: answered or lost. */
    public boolean routed() {
        return target != null;
    }

    /** Answered by {@code target}. */
    public boolean answered() {
        return target != null && !lost;
    }

    /** Whether an attempt of it was sent to a cluster that was down. */
    public boolean sentToDownTarget() {
        return attempts.toDownTarget() > 0;
    }
}
