package io.llmrouter.benchmarks.costmodel;

/**
 * How each execution environment reads the routing snapshot from DynamoDB: a load costs {@code readUnitsPerLoad}
 * read request units and happens at most every {@code refreshSeconds}. Loads are lazy (on a request, when the
 * cached snapshot is older than the interval), so an environment never loads more often than it gets requests.
 *
 * <p>Today's design: one strongly consistent Query of the whole state, 33 units, every 5 s. A compact item read
 * eventually consistent from shards prices as its own units per load.
 */
public record SnapshotReads(double readUnitsPerLoad, double refreshSeconds) {

    public static final SnapshotReads TODAY = new SnapshotReads(33, 5);

    public SnapshotReads {
        if (readUnitsPerLoad < 0 || !(refreshSeconds > 0)) {
            throw new IllegalArgumentException("read units must be at least 0 and the interval positive, got "
                    + readUnitsPerLoad + " units every " + refreshSeconds + " s");
        }
    }

    /** Loads a second across {@code environments} busy environments serving {@code requestsPerSecond} between them. */
    double loadsPerSecond(double environments, double requestsPerSecond) {
        return Math.min(environments / refreshSeconds, requestsPerSecond);
    }
}
