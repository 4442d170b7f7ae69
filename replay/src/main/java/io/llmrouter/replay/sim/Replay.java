package io.llmrouter.replay.sim;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.CostRefresher;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.cost.ThroughputEstimator;
import io.llmrouter.cost.feed.NodePriceSources;
import io.llmrouter.cost.feed.PriceFeedFetcher;
import io.llmrouter.health.HealthPoller;
import io.llmrouter.health.PollPlan;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.trace.Trace;
import io.llmrouter.replay.trace.TraceRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Replays a trace under one policy, on the simulated clock: a discrete-event simulation whose events are
 * the trace's arrivals, the health-poller's rounds (on its production schedule: invoked every
 * {@code pollerInvokedEvery}, polling every {@code router.healthCheckInterval}), cost-refresh's runs, and
 * the answers the route function sees come back. Nothing sleeps; events at the same instant run in that
 * order: answers, poll, price refresh, arrival.
 *
 * <p>The poller and cost-refresh are the real ones ({@link HealthPoller}, {@link CostRefresher}), probing
 * the simulated clusters and writing to an in-memory store; a policy sees the truth only if it is the oracle.
 */
public final class Replay {

    /** cost-refresh keeps a loaded throughput estimate this long, as the function does. */
    static final Duration LOADED_ESTIMATE_MAX_AGE = Duration.ofHours(1);
    /**
     * The poller's guard on a round, in real time: a simulated probe answers at once, so a round never
     * reaches it, and a replay stays deterministic however busy the machine is.
     */
    static final Duration ROUND_DEADLINE = Duration.ofMinutes(10);

    private final RouterConfig config;
    private final Fleet fleet;
    private final ModelCatalog catalog;
    private final ReplaySettings settings;
    private final PriceFeedFetcher fetcher = new PriceFeedFetcher();

    public Replay(RouterConfig config, Fleet fleet, ModelCatalog catalog, ReplaySettings settings) {
        this.config = config;
        this.fleet = fleet;
        this.catalog = catalog;
        this.settings = settings;
    }

    /** An answer the route function will see: a request's target, at its last token. */
    private record Answer(double at, long sequence, int request, String target) implements Comparable<Answer> {
        @Override
        public int compareTo(Answer other) {
            int byTime = Double.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    public PolicyRun run(Trace trace, String policyName, boolean usesClusters, Policy.Factory factory) {
        World world = new World(config, fleet, settings);
        SimClock clock = world.clock();
        PollSchedule polls = new PollSchedule(new PollPlan(settings.pollerInvokedEvery(),
                config.router().healthCheckInterval()), settings.pollerInvokedEvery());
        double refreshEvery = settings.costRefreshEvery().toNanos() / 1e9;
        // No cloud price lists: the fleet's node prices are configured (Fleet requires costPerHour).
        CostRefresher refresher = new CostRefresher(config, world.store(), fetcher, new NodePriceSources(new EnumMap<>(CloudProvider.class)),
                new ThroughputEstimator(catalog, LOADED_ESTIMATE_MAX_AGE), clock);
        List<Outcome> outcomes = new ArrayList<>(trace.size());
        double end = trace.durationSeconds();
        QueueSampler queues = new QueueSampler(world, trace.durationSeconds());
        try (HealthPoller poller = new HealthPoller(config.clusters(), new SimulatedProbe(world.clusters(), clock),
                world.store(), transitions -> { }, ROUND_DEADLINE, clock)) {
            poll(poller);
            queues.afterPoll();
            refresher.refresh();
            world.takeListPrices();
            Policy policy = factory.create(world);
            double nextPoll = polls.next();
            double nextRefresh = refreshEvery;
            PriorityQueue<Answer> answers = new PriorityQueue<>();
            long sequence = 0;
            for (TraceRequest request : trace.requests()) {
                double t = request.arrivalSeconds();
                while (true) {
                    double answer = answers.isEmpty() ? Double.POSITIVE_INFINITY : answers.peek().at();
                    double next = Math.min(answer, Math.min(nextPoll, nextRefresh));
                    if (next > t) {
                        break;
                    }
                    clock.set(next);
                    if (answer == next) {
                        Answer a = answers.poll();
                        policy.answered(a.request(), a.target(), a.at());
                    } else if (nextPoll == next) {
                        poll(poller);
                        queues.afterPoll();
                        nextPoll = polls.next();
                    } else {
                        refresher.refresh();
                        nextRefresh += refreshEvery;
                    }
                }
                clock.set(t);
                Outcome outcome = world.send(request, policy.choose(request, world));
                outcomes.add(outcome);
                queues.atArrival();
                if (outcome.routed()) {
                    answers.add(new Answer(outcome.end(), sequence++, request.index(), outcome.target()));
                    if (outcome.cluster()) {
                        end = Math.max(end, outcome.end());
                    }
                }
            }
        }
        return new PolicyRun(policyName, usesClusters, outcomes, end, fleet, queues.samples());
    }

    private static void poll(HealthPoller poller) {
        try {
            poller.pollOnce();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling", e);
        }
    }

    /** The health-poller's round times: each invocation's rounds ({@link PollPlan}), invocation after invocation. */
    static final class PollSchedule {
        private final PollPlan plan;
        private final double invokedEvery;
        private long invocation;
        private int round;

        PollSchedule(PollPlan plan, Duration invokedEvery) {
            this.plan = plan;
            this.invokedEvery = invokedEvery.toNanos() / 1e9;
            this.round = 1; // round 0 of invocation 0 runs before the first request
        }

        double next() {
            if (round >= plan.rounds()) {
                invocation++;
                round = 0;
            }
            double at = invocation * invokedEvery + plan.offset(round).toNanos() / 1e9;
            round++;
            return at;
        }
    }
}
