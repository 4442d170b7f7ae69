package io.llmrouter.replay.sim;

/**
 * One replica's node, paid from {@code from} (when it was started: it is paid while it boots) to {@code to}
 * (when it was stopped, or the replay's end), in seconds after the trace's start.
 */
public record ReplicaSpan(double from, double to) {

    public double seconds() {
        return to - from;
    }
}
