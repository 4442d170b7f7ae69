package io.llmrouter.routing;

import io.llmrouter.config.HysteresisSettings;
import io.llmrouter.routing.strategy.RoutingStrategy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps the current choice for each requested model until another candidate has been better by more
 * than {@code margin} for at least {@code holdTime}, so that traffic does not flap between targets of
 * (nearly) equal cost or chase a short price dip.
 *
 * <p>"Better" uses the strategy's own terms: a lower tier is always better (a cheap cluster back under
 * the hybrid threshold, say); within a tier the score must be lower by more than {@code margin} as a
 * fraction of the current score (0.10: 10% cheaper, or 10% faster for the latency strategy). A
 * challenger's clock starts the first time a decision sees it better by the margin, and restarts
 * whenever a decision sees it not better: it must stay better, decision after decision.
 *
 * <p>When the current choice is no longer among the candidates (unhealthy, breaker open, gone from
 * the config), the router switches to the best candidate at once: holding on to a target that
 * cannot take the request would only fail it. When the current choice only cannot take <em>this</em>
 * request (its prompt does not fit the context window), the request goes to the best candidate and
 * the memory stays as it was: one long prompt must not move the traffic of every short one, nor
 * restart the clock of a challenger that has been better for a while.
 *
 * <p>A choice taken by a switch at once (the one before could not take requests) is a spill, not a
 * preference: as soon as a candidate better than it by the margin can take requests again, the router
 * goes there at once. Hysteresis damps the switches a price or a latency asks for, not the way back
 * from a spill. Without this, one full queue on the cheap cluster would send a whole {@code holdTime}
 * of traffic to a provider many times dearer.
 *
 * <p>Memory is per requested model (per {@code auto}, per alias, per model name) and per instance of
 * the route function; thread-safe.
 */
public final class Hysteresis {

    private final double margin;
    private final Duration holdTime;
    private final RoutingStrategy strategy;
    private final ConcurrentMap<String, Memory> memory = new ConcurrentHashMap<>();

    /** One choice: a target asked for an upstream model. */
    private record Choice(String target, String model) {
        static Choice of(Candidate candidate) {
            return new Choice(candidate.target().name(), candidate.upstreamModel());
        }

        boolean is(Candidate candidate) {
            return target.equals(candidate.target().name()) && Objects.equals(model, candidate.upstreamModel());
        }

        @Override
        public String toString() {
            return model == null ? target : target + " (" + model + ")";
        }
    }

    /**
     * The current choice for one requested model, since when each challenger has been better by the margin,
     * and whether the current choice was forced (its predecessor could not take requests), which any
     * candidate better by the margin replaces at once.
     */
    private record Memory(Choice current, Map<Choice, Instant> betterSince, boolean spill, Instant decidedAt) {
        Memory(Choice current, Map<Choice, Instant> betterSince) {
            this(current, betterSince, false);
        }

        Memory(Choice current, Map<Choice, Instant> betterSince, boolean spill) {
            this(current, betterSince, spill, null);
        }

        Memory decidedAt(Instant at) {
            return at.equals(decidedAt) ? this : new Memory(current, betterSince, spill, at);
        }
    }

    private record Step(Memory memory, List<Candidate> order) {
    }

    public Hysteresis(HysteresisSettings settings, RoutingStrategy strategy) {
        if (!(settings.margin() >= 0) || settings.holdTime().isNegative()) {
            throw new IllegalArgumentException("hysteresis needs a margin >= 0 and a holdTime >= 0, got " + settings);
        }
        this.margin = settings.margin();
        this.holdTime = settings.holdTime();
        this.strategy = strategy;
    }

    /**
     * The order to try the candidates in: the kept or newly chosen one first, the others in the
     * strategy's order. The first candidate's reason says when hysteresis kept or switched a choice.
     *
     * @param ranked the candidates in the strategy's order; not empty
     */
    public List<Candidate> apply(String requestedModel, List<Candidate> ranked, Instant now) {
        return apply(requestedModel, ranked, now, Set.of());
    }

    /**
     * As {@link #apply(String, List, Instant)}, for a request that the targets named in {@code unfitFor} cannot
     * take although they could take others (the prompt is too long for them). When there are any, the request
     * says nothing about which target is better: it goes to the current choice if that can take it, else to the
     * best candidate, and the memory is left as it was.
     */
    public List<Candidate> apply(String requestedModel, List<Candidate> ranked, Instant now, Set<String> unfitFor) {
        // compute() makes read-decide-write atomic per model; the order leaves the lambda through this array.
        Step[] step = new Step[1];
        memory.compute(requestedModel, (model, previous) -> {
            // Concurrent requests take their time before they get here, so a decision may come after a later one
            // has been stored. Its time is moved up to that one's: time in the memory never goes back, or a stale
            // decision could start a challenger's clock before decisions that saw it not better, and cut its hold short.
            Instant at = previous == null || previous.decidedAt() == null || !previous.decidedAt().isAfter(now)
                    ? now : previous.decidedAt();
            step[0] = step(previous, ranked, at, unfitFor);
            return step[0].memory() == null ? null : step[0].memory().decidedAt(at);
        });
        return step[0].order();
    }

    private Step step(Memory previous, List<Candidate> ranked, Instant now, Set<String> unfitFor) {
        Candidate top = ranked.get(0);
        if (!unfitFor.isEmpty()) {
            return new Step(previous, forThisRequestOnly(previous, ranked));
        }
        if (previous == null) {
            return new Step(new Memory(Choice.of(top), Map.of()), ranked);
        }
        int currentIndex = indexOf(previous.current(), ranked);
        if (currentIndex < 0) {
            String reason = "switched at once: previous choice " + previous.current() + " is no longer a candidate; "
                    + top.reason();
            return new Step(new Memory(Choice.of(top), Map.of(), true), moveToFront(ranked, 0, top.withReason(reason)));
        }
        if (previous.spill()) {
            if (currentIndex == 0) {
                return new Step(previous, ranked); // still the best that can take requests: still a spill
            }
            Candidate current = ranked.get(currentIndex);
            if (betterByMargin(top, current)) {
                String reason = "back from " + previous.current() + ", taken only while better candidates could not "
                        + "take requests: " + improvement(top, current) + "; " + top.reason();
                return new Step(new Memory(Choice.of(top), Map.of()), moveToFront(ranked, 0, top.withReason(reason)));
            }
            // Nothing better by the margin: the spill target is as good a choice as any, under the usual rules.
            previous = new Memory(previous.current(), previous.betterSince());
        }
        if (currentIndex == 0) {
            return new Step(previous.betterSince().isEmpty() ? previous : new Memory(previous.current(), Map.of()), ranked);
        }

        Candidate current = ranked.get(currentIndex);
        Map<Choice, Instant> betterSince = new HashMap<>();
        int readyIndex = -1;
        for (int i = 0; i < currentIndex; i++) {
            Candidate challenger = ranked.get(i);
            if (!betterByMargin(challenger, current)) {
                continue;
            }
            Choice choice = Choice.of(challenger);
            Instant since = previous.betterSince().getOrDefault(choice, now);
            betterSince.put(choice, since);
            if (readyIndex < 0 && !now.isBefore(since.plus(holdTime))) {
                readyIndex = i;
            }
        }

        if (readyIndex >= 0) {
            Candidate next = ranked.get(readyIndex);
            Duration held = Duration.between(betterSince.get(Choice.of(next)), now);
            String reason = "switched from " + previous.current() + ": " + improvement(next, current) + " for "
                    + held.toSeconds() + " s (holdTime " + holdTime.toSeconds() + " s); " + next.reason();
            return new Step(new Memory(Choice.of(next), Map.of()), moveToFront(ranked, readyIndex, next.withReason(reason)));
        }
        String reason;
        if (betterSince.isEmpty()) {
            reason = "kept by hysteresis: " + improvement(top, current) + ", not more than the "
                    + percent(margin) + " margin; " + current.reason();
        } else {
            Candidate challenger = top;
            for (int i = 0; i < currentIndex; i++) {
                if (betterSince.containsKey(Choice.of(ranked.get(i)))) {
                    challenger = ranked.get(i);
                    break;
                }
            }
            Duration held = Duration.between(betterSince.get(Choice.of(challenger)), now);
            reason = "kept by hysteresis: " + improvement(challenger, current) + " for only " + held.toSeconds()
                    + " s of the " + holdTime.toSeconds() + " s holdTime; " + current.reason();
        }
        return new Step(new Memory(previous.current(), Map.copyOf(betterSince)),
                moveToFront(ranked, currentIndex, current.withReason(reason)));
    }

    /**
     * The order for a request some targets cannot take although they take others (its prompt is too long
     * for them): the current choice first if it can take it, else the best candidate. Such a request says
     * nothing about which target is better, so the memory is left as it was: no switch, and no challenger's
     * clock restarted because it could not take this one.
     */
    private static List<Candidate> forThisRequestOnly(Memory previous, List<Candidate> ranked) {
        int currentIndex = previous == null ? -1 : indexOf(previous.current(), ranked);
        if (currentIndex > 0) {
            Candidate current = ranked.get(currentIndex);
            return moveToFront(ranked, currentIndex, current.withReason("kept for this request: " + current.reason()));
        }
        if (currentIndex == 0 || previous == null) {
            return ranked;
        }
        Candidate top = ranked.get(0);
        return moveToFront(ranked, 0, top.withReason("for this request only: current choice " + previous.current()
                + " cannot take it; " + top.reason()));
    }

    private boolean betterByMargin(Candidate challenger, Candidate current) {
        if (challenger.tier() != current.tier()) {
            return challenger.tier() < current.tier();
        }
        double challengerScore = strategy.score(challenger);
        double currentScore = strategy.score(current);
        if (Double.isNaN(challengerScore)) {
            return false;
        }
        if (Double.isNaN(currentScore)) {
            return true;
        }
        // Nothing is better than free by a fraction of it.
        return currentScore > 0 && (currentScore - challengerScore) / currentScore > margin;
    }

    private String improvement(Candidate challenger, Candidate current) {
        String name = Choice.of(challenger).toString();
        if (challenger.tier() < current.tier()) {
            return name + " ranks in a better group (" + strategy.tierReason(challenger.tier()) + ")";
        }
        double challengerScore = strategy.score(challenger);
        double currentScore = strategy.score(current);
        if (Double.isNaN(currentScore) || Double.isNaN(challengerScore) || currentScore <= 0) {
            return name + " ranks first by tie-break";
        }
        return name + " is " + percent((currentScore - challengerScore) / currentScore) + " better by "
                + strategy.name().yamlName();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    private static int indexOf(Choice choice, List<Candidate> ranked) {
        for (int i = 0; i < ranked.size(); i++) {
            if (choice.is(ranked.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The ranked list with the candidate at {@code index} replaced by {@code first} and moved to the front. */
    private static List<Candidate> moveToFront(List<Candidate> ranked, int index, Candidate first) {
        List<Candidate> order = new ArrayList<>(ranked.size());
        order.add(first);
        for (int i = 0; i < ranked.size(); i++) {
            if (i != index) {
                order.add(ranked.get(i));
            }
        }
        return order;
    }
}
