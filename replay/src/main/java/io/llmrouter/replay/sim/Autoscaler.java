package io.llmrouter.replay.sim;

import io.llmrouter.replay.scenario.Autoscaling;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Kubernetes' HPA on one cluster, as the llm-server chart configures it: every {@code evaluateEvery} it
 * reads {@code llamacpp:requests_deferred} of the replicas (the true queue, as Prometheus scrapes it from
 * the pods) and wants {@code ceil(replicas x (deferred per replica) / queueDepthPerReplica)} replicas,
 * clamped to the bounds. It scales up at once; it scales down only to the most replicas recommended over
 * the last {@code scaleDownStabilization} seconds. (The HPA's 10 % tolerance is left out: with whole
 * requests deferred and a target of one, it never applies.)
 */
final class Autoscaler {

    private record Recommendation(double at, int replicas) {
    }

    private final Autoscaling rule;
    private final SimulatedCluster cluster;
    private final Deque<Recommendation> recent = new ArrayDeque<>();

    Autoscaler(Autoscaling rule, SimulatedCluster cluster) {
        this.rule = rule;
        this.cluster = cluster;
    }

    Autoscaling rule() {
        return rule;
    }

    void evaluate(double now) {
        int desired = rule.desiredReplicas(cluster.deferredAt(now));
        recent.addLast(new Recommendation(now, desired));
        while (recent.peekFirst().at() < now - rule.scaleDownStabilization()) {
            recent.removeFirst();
        }
        int current = cluster.replicas();
        int target = desired;
        if (desired < current) {
            target = Math.min(current, recent.stream().mapToInt(Recommendation::replicas).max().orElse(desired));
        }
        while (cluster.replicas() < target) {
            cluster.scaleUp(now, rule.startupSeconds());
        }
        while (cluster.replicas() > target) {
            cluster.scaleDown(now);
        }
    }
}
