package io.llmrouter.route.concurrent;

import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.metrics.RequestOutcome;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the router told its observers, by request id: the gateway calls every observer once per request, so a
 * second outcome for an id is a request answered twice, and a missing one a request that left no trace.
 */
public final class OutcomeTally implements RequestObserver {

    private final Map<String, RequestOutcome> byRequestId = new ConcurrentHashMap<>();
    private final AtomicLong repeats = new AtomicLong();
    private final AtomicLong withoutId = new AtomicLong();

    @Override
    public void observe(RequestOutcome outcome) {
        if (outcome.requestId() == null) {
            withoutId.incrementAndGet();
            return;
        }
        if (byRequestId.putIfAbsent(outcome.requestId(), outcome) != null) {
            repeats.incrementAndGet();
        }
    }

    public RequestOutcome of(String requestId) {
        return byRequestId.get(requestId);
    }

    public int size() {
        return byRequestId.size();
    }

    /** Outcomes told a second time (or more) for the same request id. */
    public long repeats() {
        return repeats.get();
    }

    public long withoutId() {
        return withoutId.get();
    }
}
