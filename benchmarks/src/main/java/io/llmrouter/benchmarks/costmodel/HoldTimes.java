package io.llmrouter.benchmarks.costmodel;

import io.llmrouter.replay.report.Percentiles;

import java.util.Arrays;

/**
 * How long the route function holds an execution environment for each request, in seconds: from the request's
 * arrival to its upstream's last token (or the failure that ended it). Streamed and buffered calls hold it
 * alike, since the function relays the stream; a buffered call only gives up sooner (see {@link #cappedAt}).
 */
public final class HoldTimes {

    private final double[] seconds;

    public HoldTimes(double[] seconds) {
        if (seconds.length == 0) {
            throw new IllegalArgumentException("no hold times");
        }
        this.seconds = seconds.clone();
    }

    public int requests() {
        return seconds.length;
    }

    public double mean() {
        return Arrays.stream(seconds).average().orElseThrow();
    }

    /** Nearest rank, as the replay's report computes its percentiles. */
    public double percentile(double p) {
        return Percentiles.of(seconds, p);
    }

    /** Each time at most {@code budgetSeconds}: a call the router abandons there holds the environment no longer. */
    public HoldTimes cappedAt(double budgetSeconds) {
        return new HoldTimes(Arrays.stream(seconds).map(s -> Math.min(s, budgetSeconds)).toArray());
    }

    /** This and {@code other}'s requests together. */
    public HoldTimes with(HoldTimes other) {
        double[] both = Arrays.copyOf(seconds, seconds.length + other.seconds.length);
        System.arraycopy(other.seconds, 0, both, seconds.length, other.seconds.length);
        return new HoldTimes(both);
    }
}
