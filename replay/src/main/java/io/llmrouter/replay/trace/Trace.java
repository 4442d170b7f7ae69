package io.llmrouter.replay.trace;

import java.util.List;

/**
 * A request trace: arrivals in time order, relative to the first.
 *
 * @param name     where it came from (its file name), for reports
 * @param requests in arrival order; the first arrives at 0 s
 */
public record Trace(String name, List<TraceRequest> requests) {

    public Trace {
        requests = List.copyOf(requests);
    }

    /** From the first arrival to the last; 0 for a trace of one request or none. */
    public double durationSeconds() {
        return requests.isEmpty() ? 0 : requests.get(requests.size() - 1).arrivalSeconds();
    }

    public int size() {
        return requests.size();
    }
}
