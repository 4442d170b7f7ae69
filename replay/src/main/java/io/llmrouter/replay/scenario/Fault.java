package io.llmrouter.replay.scenario;

/**
 * One fault of a scenario, on the simulated clock (seconds after the trace's start). A window is
 * {@code [from, to)}: in force from {@code from}, over at {@code to}.
 */
public sealed interface Fault {

    /** The cluster stops answering: its port refuses connections, its {@code /metrics} cannot be read. */
    record ClusterDown(String cluster, double from, double to) implements Fault {
    }

    /** The provider answers every request with HTTP 429 before its first byte. */
    record RateLimit(String provider, double from, double to) implements Fault {
    }

    /** Requests admitted by the cluster in the window prefill and decode {@code factor} times slower. */
    record Slowdown(String cluster, double from, double to, double factor) implements Fault {
    }

    /**
     * From {@code at} on, the provider charges these token prices for its default model (the one a
     * replay sends to), and its price feed lists them.
     */
    record ProviderPriceChange(String provider, double at, double inputPer1M, double outputPer1M) implements Fault {
    }

    /** From {@code at} on, one node of the cluster costs {@code costPerHour}. */
    record NodePriceChange(String cluster, double at, double costPerHour) implements Fault {
    }
}
