package io.llmrouter.replay.sim;

import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.replay.fleet.ProviderSpec;
import io.llmrouter.replay.trace.TraceRequest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The route function's forwarder over the simulated fleet: a request's targets are tried in turn. A
 * cluster that is down refuses the connection and a rate-limited provider answers 429: the attempt fails
 * before its first byte, the policy is told (the router's breaker counts it), and the next target is tried
 * {@link #FAILED_ATTEMPT_SECONDS} later, up to {@link #MAX_ATTEMPTS} attempts sent. A target the policy
 * holds back (a breaker trial another request claimed) is skipped unsent.
 *
 * <p>A request queued on a cluster that goes down has had no byte yet either: its connection closes, and
 * it moves on to its next target as a refused one would, if it has attempts left and is still within the
 * forwarder's time budget ({@link ForwardSettings#totalBudget()} from its arrival); else it is lost.
 */
final class SimulatedForwarder {

    /**
     * The time a failed attempt costs before the next candidate is tried: a refused connection's or a 429's
     * round trip, with the forwarder's bookkeeping. Generous for a refused connection in the same region.
     */
    static final double FAILED_ATTEMPT_SECONDS = 0.1;
    /** Candidates the forwarder sends at most. */
    static final int MAX_ATTEMPTS = ForwardSettings.defaults().maxAttempts();
    /** All attempts of a request together, in seconds from its arrival. */
    static final double BUDGET_SECONDS = ForwardSettings.defaults().totalBudget().toNanos() / 1e9;

    /** A request sent to a cluster, with what it would try next if the cluster dropped it. */
    private record OnCluster(TraceRequest request, List<String> targets, int next, double arrival,
                             Outcome.Attempts attempts) {
    }

    private final World world;
    private final double pollIntervalSeconds;
    private final Map<Integer, OnCluster> onClusters = new HashMap<>();

    SimulatedForwarder(World world) {
        this.world = world;
        this.pollIntervalSeconds = world.config().router().healthCheckInterval().toNanos() / 1e9;
    }

    /** Sends {@code request}, arriving now, to {@code targets} in turn, and says what happens to it. */
    Outcome send(TraceRequest request, List<String> targets, Policy policy) {
        double now = world.now();
        return forward(request, targets, 0, now, now, Outcome.Attempts.NONE, policy);
    }

    /**
     * {@code job}'s cluster went down at {@code t} while it waited for a slot: the attempt failed, and the
     * request goes on to its next target, or is lost.
     */
    Outcome dropped(SimulatedCluster.Job job, double t, Policy policy) {
        OnCluster sent = onClusters.remove(job.request().index());
        Outcome.Attempts was = sent.attempts();
        Outcome.Attempts attempts = new Outcome.Attempts(was.sent(), was.failed() + 1, was.toDownTarget(),
                was.toDownAfterPollInterval());
        String cluster = sent.targets().get(sent.next() - 1);
        policy.failed(job.request().index(), cluster, t);
        if (t + FAILED_ATTEMPT_SECONDS - sent.arrival() >= BUDGET_SECONDS) {
            return lost(job.request(), cluster, sent.arrival(), t, attempts);
        }
        return forward(job.request(), sent.targets(), sent.next(), sent.arrival(), t + FAILED_ATTEMPT_SECONDS,
                attempts, policy);
    }

    private Outcome forward(TraceRequest request, List<String> targets, int from, double arrival, double at,
                            Outcome.Attempts before, Policy policy) {
        int sent = before.sent();
        int failed = before.failed();
        int down = before.toDownTarget();
        int late = before.toDownAfterPollInterval();
        String last = null;
        for (int i = from; i < targets.size() && sent < MAX_ATTEMPTS; i++) {
            String target = targets.get(i);
            if (!policy.mayTry(target)) {
                continue;
            }
            sent++;
            last = target;
            policy.sending(request.index(), target);
            SimulatedCluster cluster = world.clusters().get(target);
            if (cluster != null) {
                Optional<Double> downSince = world.scenario().downSince(target, at);
                if (downSince.isPresent()) {
                    down++;
                    late += at - downSince.get() > pollIntervalSeconds ? 1 : 0;
                    failed++;
                    policy.failed(request.index(), target, at);
                    at += FAILED_ATTEMPT_SECONDS;
                    continue;
                }
                Outcome.Attempts attempts = new Outcome.Attempts(sent, failed, down, late);
                SimulatedCluster.Job job = cluster.admit(request, at, world.scenario().slowdown(target, at));
                onClusters.put(request.index(), new OnCluster(request, targets, i + 1, arrival, attempts));
                return new Outcome(request.index(), target, true, arrival, job.queueWait(), job.firstToken() - arrival,
                        job.end(), 0, attempts, false);
            }
            ProviderSpec provider = world.fleet().provider(target).orElseThrow(() -> new IllegalStateException(
                    "a policy chose '" + target + "', which is neither a cluster nor a provider of the fleet"));
            if (world.scenario().rateLimited(target, at)) {
                failed++;
                policy.failed(request.index(), target, at);
                at += FAILED_ATTEMPT_SECONDS;
                continue;
            }
            return new Outcome(request.index(), target, false, arrival, 0, at - arrival + provider.ttftSeconds(),
                    at + provider.latencySeconds(request.generatedTokens()), world.providerCost(provider, request, at),
                    new Outcome.Attempts(sent, failed, down, late), false);
        }
        if (sent == before.sent()) {
            return before.sent() == 0 ? Outcome.unrouted(request.index(), arrival)
                    : lost(request, targets.get(from - 1), arrival, at, before);
        }
        return lost(request, last, arrival, at, new Outcome.Attempts(sent, failed, down, late));
    }

    private Outcome lost(TraceRequest request, String target, double arrival, double at, Outcome.Attempts attempts) {
        return new Outcome(request.index(), target, world.clusters().containsKey(target), arrival, 0, 0, at, 0,
                attempts, true);
    }
}
