package io.llmrouter.replay.policy;

import io.llmrouter.replay.fleet.ProviderSpec;
import io.llmrouter.replay.sim.Policy;
import io.llmrouter.replay.sim.SimulatedCluster;
import io.llmrouter.replay.sim.World;
import io.llmrouter.replay.trace.TraceRequest;

import java.util.List;

/**
 * Clairvoyant: at each arrival it sees the true state of every target, with no polling delay, and picks
 * the cheapest one that meets the TTFT SLA. A cluster of the fixed fleet costs nothing more per request
 * (its node-hours are paid anyway), so the first cluster that would give the request its first token
 * within the SLA wins, the soonest of them; else the provider that charges least for the request among
 * those that meet the SLA; when nothing meets it, whatever gives the first token soonest. It sees faults
 * too: a cluster that is down or a provider answering 429 is never chosen, a slowed cluster's speed is its
 * true one, a provider costs what it charges now. Its fallback is the premium provider.
 */
final class Oracle implements Policy {

    private final String premium;

    Oracle(World world) {
        this.premium = AlwaysPremium.premium(world);
    }

    @Override
    public List<String> choose(TraceRequest request, World world) {
        return Fallback.then(best(request, world), premium);
    }

    private String best(TraceRequest request, World world) {
        double now = world.now();
        double sla = world.settings().ttftSlaSeconds();
        String bestCluster = null;
        double bestClusterTtft = Double.POSITIVE_INFINITY;
        String soonest = null;
        double soonestTtft = Double.POSITIVE_INFINITY;
        for (SimulatedCluster cluster : world.clusters().values()) {
            if (!world.fits(cluster.name(), request) || !world.reachable(cluster.name())) {
                continue;
            }
            double ttft = cluster.startIfAdmitted(now) - now
                    + cluster.spec().prefillSeconds(request.contextTokens()) * world.slowdown(cluster.name());
            if (ttft <= sla && ttft < bestClusterTtft) {
                bestCluster = cluster.name();
                bestClusterTtft = ttft;
            }
            if (ttft < soonestTtft) {
                soonest = cluster.name();
                soonestTtft = ttft;
            }
        }
        if (bestCluster != null) {
            return bestCluster;
        }
        String bestProvider = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (ProviderSpec provider : world.fleet().providers()) {
            if (!world.fits(provider.name(), request) || !world.reachable(provider.name())) {
                continue;
            }
            double cost = world.providerCost(provider, request, now);
            if (provider.ttftSeconds() <= sla && cost < bestCost) {
                bestProvider = provider.name();
                bestCost = cost;
            }
            if (provider.ttftSeconds() < soonestTtft) {
                soonest = provider.name();
                soonestTtft = provider.ttftSeconds();
            }
        }
        return bestProvider != null ? bestProvider : soonest;
    }
}
