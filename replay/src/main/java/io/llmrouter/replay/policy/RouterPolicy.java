package io.llmrouter.replay.policy;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.replay.sim.Policy;
import io.llmrouter.replay.sim.SimClock;
import io.llmrouter.replay.sim.World;
import io.llmrouter.replay.trace.TraceRequest;
import io.llmrouter.routing.LiveEvidence;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.state.SnapshotCache;
import io.llmrouter.state.SnapshotCacheListener;

import java.util.HashMap;
import java.util.Map;

/**
 * The real routing code with the config: one route function instance's {@link Router} (filters, strategy,
 * hysteresis), deciding on the snapshot its {@link SnapshotCache} holds of what the health-poller and
 * cost-refresh wrote, and learning from the requests it sends and the answers it sees ({@link LiveEvidence}:
 * its requests in flight, the answers' times and output lengths), as the forwarder teaches the route
 * function's router. A request asks for
 * {@code auto} with the trace's prompt tokens and no max_tokens: the router does not know how much a
 * request will generate.
 */
final class RouterPolicy implements Policy {

    private final Router router;
    private final SnapshotCache snapshots;
    private final SimClock clock;
    private final Map<Integer, LiveEvidence.InFlight> inFlight = new HashMap<>();
    private final Map<Integer, Integer> generatedTokens = new HashMap<>();

    RouterPolicy(World world) {
        RouterConfig config = world.config();
        this.router = new Router(config, new LiveEvidence());
        this.clock = world.clock();
        this.snapshots = new SnapshotCache(world.store(), config.store(), config.router().healthStaleAfter(), clock,
                SnapshotCacheListener.NONE);
    }

    @Override
    public String choose(TraceRequest request, World world) {
        RoutingDecision decision = router.decide(
                new RouteRequest(RouterConfig.AUTO_MODEL, request.contextTokens(), null),
                snapshots.current(), clock.instant());
        String target = decision.chosen().map(candidate -> candidate.target().name()).orElse(null);
        if (target != null) {
            // As the forwarder does: the request counts in this instance's in-flight requests until it ends.
            inFlight.put(request.index(), router.evidence().sending(target, clock));
            generatedTokens.put(request.index(), request.generatedTokens()); // the usage its answer will carry
        }
        return target;
    }

    @Override
    public void answered(int request, String target, double at) {
        router.evidence().answered(target, SimClock.at(at));
        router.evidence().generated(target, generatedTokens.getOrDefault(request, 0));
        generatedTokens.remove(request);
        LiveEvidence.InFlight ended = inFlight.remove(request);
        if (ended != null) {
            ended.close();
        }
    }
}
