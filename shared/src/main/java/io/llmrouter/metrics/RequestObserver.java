package io.llmrouter.metrics;

import java.util.List;

/**
 * Told about every request once its answer is ready: the metrics emitter, the request log, the local
 * dashboard. Called on the request thread, so an observer must be quick and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {

    void observe(RequestOutcome outcome);

    RequestObserver NONE = outcome -> { };

    /** One observer telling each of {@code observers} in turn; one that throws does not stop the others. */
    static RequestObserver all(List<? extends RequestObserver> observers) {
        List<RequestObserver> copy = List.copyOf(observers);
        return outcome -> {
            for (RequestObserver observer : copy) {
                try {
                    observer.observe(outcome);
                } catch (RuntimeException e) {
                    org.slf4j.LoggerFactory.getLogger(RequestObserver.class)
                            .warn("request observer {} failed: {}", observer.getClass().getSimpleName(), e.toString());
                }
            }
        };
    }
}
