package io.llmrouter.replay.policy;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.forward.CircuitBreakers;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.replay.sim.Policy;
import io.llmrouter.replay.sim.SimClock;
import io.llmrouter.replay.sim.World;
import io.llmrouter.replay.trace.TraceRequest;
import io.llmrouter.routing.LiveEvidence;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.SnapshotCache;
import io.llmrouter.state.SnapshotCacheListener;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real routing code with the config: one route function instance's {@link Router} (filters, strategy,
 * hysteresis), deciding on the snapshot its {@link SnapshotCache} holds of what the health-poller and
 * cost-refresh wrote, and learning from the requests it sends and the answers it sees ({@link LiveEvidence}:
 * its attempts in flight, the answers' times and output lengths), as the forwarder teaches the route
 * function's router. A request asks for {@code auto} with the trace's prompt tokens and no max_tokens: the
 * router does not know how much a request will generate.
 *
 * <p>Its ranked candidates are tried in order, and what the forwarder would record goes to the real
 * {@link CircuitBreakers} on the simulated clock: a trial claimed before a half-open target is tried, a
 * failure on each failed attempt, a success on each answer. As in the route function, a decision sees this
 * instance's own breaker writes laid over the snapshot before the next reload brings them back.
 */
final class RouterPolicy implements Policy {

    private final Router router;
    private final SnapshotCache snapshots;
    private final CircuitBreakers breakers;
    private final SimClock clock;
    private RoutingSnapshot decidedOn;
    private final Map<Integer, LiveEvidence.InFlight> inFlight = new HashMap<>();
    /** The tokens each request in flight will generate: the usage its answer will carry. */
    private final Map<Integer, Integer> generatedTokens = new HashMap<>();

    RouterPolicy(World world) {
        RouterConfig config = world.config();
        this.router = new Router(config, new LiveEvidence());
        this.clock = world.clock();
        this.snapshots = new SnapshotCache(world.store(), config.store(), config.router().healthStaleAfter(), clock,
                SnapshotCacheListener.NONE);
        this.breakers = new CircuitBreakers(world.store(), BreakerPolicy.defaults(), clock, router.evidence());
    }

    @Override
    public List<String> choose(TraceRequest request, World world) {
        decidedOn = current();
        generatedTokens.put(request.index(), request.generatedTokens());
        RoutingDecision decision = router.decide(
                new RouteRequest(RouterConfig.AUTO_MODEL, request.contextTokens(), null), decidedOn, clock.instant());
        return decision.candidates().stream().map(candidate -> candidate.target().name()).toList();
    }

    @Override
    public boolean mayTry(String target) {
        return breakers.admit(target, breakerOf(decidedOn, target), ForwardSettings.defaults().totalBudget()).isEmpty();
    }

    @Override
    public void sending(int request, String target) {
        // As the forwarder does: the attempt counts in this instance's requests in flight until it ends.
        inFlight.put(request, breakers.sending(target));
    }

    @Override
    public void failed(int request, String target, double at) {
        ended(request);
        breakers.recordFailure(target, breakerOf(decidedOn == null ? current() : decidedOn, target));
    }

    @Override
    public void answered(int request, String target, double at) {
        ended(request);
        breakers.recordSuccess(target, breakerOf(current(), target));
        Integer tokens = generatedTokens.remove(request);
        if (tokens != null) {
            breakers.generated(target, tokens);
        }
    }

    private void ended(int request) {
        LiveEvidence.InFlight attempt = inFlight.remove(request);
        if (attempt != null) {
            attempt.close();
        }
    }

    /** The stored snapshot with this instance's newer breaker states, as the route function routes on. */
    private RoutingSnapshot current() {
        return snapshots.current().withNewerBreakers(breakers.seenByThisInstance());
    }

    private static BreakerState breakerOf(RoutingSnapshot snapshot, String target) {
        return snapshot.breakerOf(target).orElse(null);
    }
}
