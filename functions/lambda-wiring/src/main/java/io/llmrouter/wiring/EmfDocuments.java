package io.llmrouter.wiring;

import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.provider.EmfMetricsProvider;

import java.util.function.Consumer;

/**
 * Where the functions' Embedded Metric Format documents are printed from: one Powertools logger, built once,
 * that every document starts from. {@link Metrics#flushMetrics} builds a new logger for each document and only reads
 * this one, so requests on any number of threads share it safely.
 *
 * <p>Not {@code MetricsFactory.getMetricsInstance()}: that is a proxy that keeps one logger per X-Ray trace id and lets
 * it go on {@code flush()} only, never on {@code flushMetrics}. Lambda gives each invocation its own trace id (a system
 * property, or a thread-local when one instance serves invocations on many threads), so the proxy kept one logger
 * per request served, for the life of the instance.
 */
public final class EmfDocuments {

    private static final Metrics TEMPLATE = new EmfMetricsProvider().getMetricsInstance();

    private EmfDocuments() {
    }

    /** Prints one document: what {@code document} adds to a fresh logger. */
    public static void print(Consumer<Metrics> document) {
        TEMPLATE.flushMetrics(document);
    }
}
