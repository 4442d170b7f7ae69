package io.llmrouter.replay.scenario;

/**
 * A cluster's horizontal autoscaler, as the llm-server Helm chart sets up Kubernetes' HPA: on the
 * average {@code llamacpp:requests_deferred} per pod ({@code autoscaling.queueDepth.averageValue}).
 *
 * @param cluster                 the cluster it scales
 * @param minReplicas             fewest replicas; the cluster starts with these
 * @param maxReplicas             most replicas
 * @param queueDepthPerReplica    the target of deferred requests per replica
 * @param evaluateEvery           seconds between the autoscaler's evaluations (the HPA's sync period)
 * @param scaleDownStabilization  seconds of recommendations a scale-down waits for: the HPA scales down to the
 *                                highest replica count recommended over this window
 * @param startupSeconds          seconds from a scale-up until the new replica serves (node, image, model load)
 */
public record Autoscaling(String cluster, int minReplicas, int maxReplicas, double queueDepthPerReplica,
                          double evaluateEvery, double scaleDownStabilization, double startupSeconds) {

    /** The replica count the HPA wants for {@code deferred} requests waiting over the cluster, clamped. */
    public int desiredReplicas(int deferred) {
        int desired = (int) Math.ceil(deferred / queueDepthPerReplica - 1e-9);
        return Math.max(minReplicas, Math.min(maxReplicas, desired));
    }
}
