package io.llmrouter.replay.sim;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.CostRefresher;
import io.llmrouter.cost.ModelCatalog;
import io.llmrouter.health.HealthPoller;
import io.llmrouter.health.PollPlan;
import io.llmrouter.replay.fleet.Fleet;
import io.llmrouter.replay.scenario.Fault;
import io.llmrouter.replay.scenario.Scenario;
import io.llmrouter.replay.trace.Trace;
import io.llmrouter.replay.trace.TraceRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Replays a trace under one policy, on the simulated clock: a discrete-event simulation whose events are
 * the trace's arrivals, the health-poller's rounds (on its production schedule: invoked every
 * {@code pollerInvokedEvery}, polling every {@code router.healthCheckInterval}), cost-refresh's runs, and
 * the answers the route function sees come back, and the scenario's events (see {@link Scenario}). Nothing
 * sleeps; events at the same instant run in that order: scenario, answers, poll, price refresh, arrival.
 *
 * <p>A cluster that goes down keeps serving the requests that hold a slot (their streams are under way);
 * those waiting for a slot have had no byte yet: their connections close, the route function records the
 * failure to the cluster's breaker, and each request moves on to its next target, or is lost when it has
 * none left or is past the forwarder's time budget ({@link SimulatedForwarder}).
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
    private final Scenario scenario;

    public Replay(RouterConfig config, Fleet fleet, ModelCatalog catalog, ReplaySettings settings) {
        this(config, fleet, catalog, settings, Scenario.NONE);
    }

    public Replay(RouterConfig config, Fleet fleet, ModelCatalog catalog, ReplaySettings settings, Scenario scenario) {
        this.config = config;
        this.fleet = fleet;
        this.catalog = catalog;
        this.settings = settings;
        this.scenario = scenario;
    }

    /** An answer the route function will see: a request's target, at its last token. */
    private record Answer(double at, long sequence, String target, int index) implements Comparable<Answer> {
        @Override
        public int compareTo(Answer other) {
            int byTime = Double.compare(at, other.at);
            int bySequence = byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
            return bySequence != 0 ? bySequence : Integer.compare(index, other.index);
        }
    }

    public PolicyRun run(Trace trace, String policyName, boolean usesClusters, Policy.Factory factory) {
        World world = new World(config, fleet, settings, scenario);
        SimClock clock = world.clock();
        PollSchedule polls = new PollSchedule(new PollPlan(settings.pollerInvokedEvery(),
                config.router().healthCheckInterval()), settings.pollerInvokedEvery());
        double refreshEvery = settings.costRefreshEvery().toNanos() / 1e9;
        CostRefresh refresher = new CostRefresh(config, world, catalog);
        List<Outcome> outcomes = new ArrayList<>(trace.size());
        Map<Integer, Integer> positions = new HashMap<>();
        Timeline timeline = new Timeline();
        double end = trace.durationSeconds();
        QueueSampler queues = new QueueSampler(world, trace.durationSeconds());
        try (HealthPoller poller = new HealthPoller(config.clusters(), new SimulatedProbe(world.clusters(), clock, scenario),
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
            scheduleOutages(timeline, world, policy, outcomes, positions, answers);
            world.autoscalers().forEach(autoscaler -> scheduleEvaluation(timeline, autoscaler,
                    autoscaler.rule().evaluateEvery()));
            for (TraceRequest request : trace.requests()) {
                double t = request.arrivalSeconds();
                while (true) {
                    double answer = answers.isEmpty() ? Double.POSITIVE_INFINITY : answers.peek().at();
                    double next = Math.min(timeline.next(), Math.min(answer, Math.min(nextPoll, nextRefresh)));
                    if (next > t) {
                        break;
                    }
                    clock.set(next);
                    if (timeline.next() == next) {
                        timeline.runNext();
                    } else if (answer == next) {
                        Answer a = answers.poll();
                        Outcome answered = outcomes.get(positions.get(a.index()));
                        if (answered.answered() && answered.target().equals(a.target()) && answered.end() == a.at()) {
                            policy.answered(a.index(), a.target(), a.at());
                        }
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
                Outcome outcome = world.send(request, policy.choose(request, world), policy);
                positions.put(request.index(), outcomes.size());
                outcomes.add(outcome);
                queues.atArrival();
                if (outcome.answered()) {
                    answers.add(new Answer(outcome.end(), sequence++, outcome.target(), request.index()));
                    if (outcome.cluster()) {
                        end = Math.max(end, outcome.end());
                    }
                }
            }
            // After the last arrival, the scenario goes on until the last answer: an outage still drops a queue,
            // an autoscaler still stops replicas.
            while (timeline.next() <= end) {
                clock.set(timeline.next());
                timeline.runNext();
            }
        }
        end = lastAnswer(trace, outcomes);
        return new PolicyRun(policyName, usesClusters, outcomes, end, fleet, world.replicaSpans(end), scenario,
                queues.samples());
    }

    /** When the replay ended: the last arrival, or the last answer from a cluster, whichever is later. */
    private static double lastAnswer(Trace trace, List<Outcome> outcomes) {
        double end = trace.durationSeconds();
        for (Outcome outcome : outcomes) {
            if (outcome.answered() && outcome.cluster()) {
                end = Math.max(end, outcome.end());
            }
        }
        return end;
    }

    /**
     * At each outage's start, the requests queued on the cluster see their connections close before their
     * first byte: each fails over to its next target, whose answer comes instead, or is lost. The answer its
     * dropped attempt was to have is ignored when its time comes.
     */
    private static void scheduleOutages(Timeline timeline, World world, Policy policy, List<Outcome> outcomes,
                                        Map<Integer, Integer> positions, PriorityQueue<Answer> answers) {
        for (Fault.ClusterDown outage : world.scenario().outages()) {
            timeline.at(outage.from(), () -> {
                for (SimulatedCluster.Job job : world.clusters().get(outage.cluster()).dropQueued(outage.from())) {
                    int position = positions.get(job.request().index());
                    Outcome retried = world.dropped(job, outage.from(), policy);
                    outcomes.set(position, retried);
                    if (retried.answered()) {
                        answers.add(new Answer(retried.end(), Long.MAX_VALUE, retried.target(), job.request().index()));
                    }
                }
            });
        }
    }

    /** The autoscaler's evaluation at {@code t}, which schedules the next. */
    private static void scheduleEvaluation(Timeline timeline, Autoscaler autoscaler, double t) {
        timeline.at(t, () -> {
            autoscaler.evaluate(t);
            scheduleEvaluation(timeline, autoscaler, t + autoscaler.rule().evaluateEvery());
        });
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
