package io.llmrouter.routing.strategy;

import io.llmrouter.routing.Candidate;

import java.util.Comparator;

/**
 * The total order of candidates under a strategy: tier, then score (unknown last), then fixed
 * tie-breaks so that equal inputs always give the same order: lower probe latency (unknown last),
 * lower estimated cost (unknown last), target name, upstream model.
 */
public final class CandidateOrder implements Comparator<Candidate> {

    private final RoutingStrategy strategy;

    public CandidateOrder(RoutingStrategy strategy) {
        this.strategy = strategy;
    }

    @Override
    public int compare(Candidate a, Candidate b) {
        int byTier = Integer.compare(a.tier(), b.tier());
        if (byTier != 0) {
            return byTier;
        }
        int byScore = compareUnknownLast(strategy.score(a), strategy.score(b));
        if (byScore != 0) {
            return byScore;
        }
        int byLatency = compareUnknownLast(a.probeLatencyMs() == null ? Double.NaN : a.probeLatencyMs(),
                b.probeLatencyMs() == null ? Double.NaN : b.probeLatencyMs());
        if (byLatency != 0) {
            return byLatency;
        }
        int byCost = compareUnknownLast(RoutingStrategy.estimatedCost(a), RoutingStrategy.estimatedCost(b));
        if (byCost != 0) {
            return byCost;
        }
        int byName = a.target().name().compareTo(b.target().name());
        if (byName != 0) {
            return byName;
        }
        return Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a.upstreamModel(), b.upstreamModel());
    }

    /** Compares two measures where NaN stands for unknown and sorts after every known value. */
    static int compareUnknownLast(double a, double b) {
        boolean aUnknown = Double.isNaN(a);
        boolean bUnknown = Double.isNaN(b);
        if (aUnknown || bUnknown) {
            return Boolean.compare(aUnknown, bUnknown);
        }
        return Double.compare(a, b);
    }
}
