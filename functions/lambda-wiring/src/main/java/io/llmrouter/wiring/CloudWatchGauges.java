package io.llmrouter.wiring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gauges a scheduled function sets while it runs and publishes to CloudWatch before it returns.
 *
 * <p>A value is sent once: {@link #publish()} forgets every value it sent, so a target that is not
 * measured in a later invocation (a down cluster has no throughput) sends nothing rather than a stale
 * number. An unknown value ({@code null}) is never sent as zero.
 *
 * <p>{@link #off()} keeps the same calls and sends nothing, for runs without AWS.
 */
public final class CloudWatchGauges implements AutoCloseable {

    /** The CloudWatch dimension naming the cluster or provider a value is about. */
    public static final String TARGET_DIMENSION = "Target";

    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchGauges.class);

    private final InvocationCloudWatchRegistry registry;
    private final AutoCloseable client;
    private final Map<Key, Value> values = new ConcurrentHashMap<>();

    private final List<GaugeListener> listeners;

    private CloudWatchGauges(InvocationCloudWatchRegistry registry, AutoCloseable client, List<GaugeListener> listeners) {
        this.registry = registry;
        this.client = client;
        this.listeners = List.copyOf(listeners);
    }

    static CloudWatchGauges publishingTo(InvocationCloudWatchRegistry registry, AutoCloseable client,
                                        List<GaugeListener> listeners) {
        return new CloudWatchGauges(registry, client, listeners);
    }

    static CloudWatchGauges publishingTo(InvocationCloudWatchRegistry registry, AutoCloseable client) {
        return publishingTo(registry, client, List.of());
    }

    /** Gauges that are never published. */
    public static CloudWatchGauges off() {
        return off(List.of());
    }

    /** Gauges that are never published, but still told to {@code listeners}. */
    public static CloudWatchGauges off(List<GaugeListener> listeners) {
        return new CloudWatchGauges(null, null, listeners);
    }

    public boolean publishing() {
        return registry != null;
    }

    /** Whether a value set goes anywhere (CloudWatch or a listener): when not, callers may skip gathering it. */
    public boolean heard() {
        return registry != null || !listeners.isEmpty();
    }

    /** Sets a gauge with a {@code Target} dimension; {@code null} means unknown, and is not sent. */
    public void set(GaugeMetric metric, String target, Number value) {
        put(new Key(metric, target), value);
    }

    /** Sets a gauge without dimensions; {@code null} means unknown, and is not sent. */
    public void set(GaugeMetric metric, Number value) {
        put(new Key(metric, null), value);
    }

    private void put(Key key, Number value) {
        if (value != null) {
            for (GaugeListener listener : listeners) {
                listener.gauge(key.metric(), key.target(), value.doubleValue());
            }
        }
        if (registry == null) {
            return;
        }
        values.computeIfAbsent(key, this::register).value = value == null ? Double.NaN : value.doubleValue();
    }

    private Value register(Key key) {
        Value holder = new Value();
        Tags tags = key.target() == null ? Tags.empty() : Tags.of(TARGET_DIMENSION, key.target());
        Gauge.builder(key.metric().name(), () -> holder.value)
                .baseUnit(key.metric().unit())
                .tags(tags)
                .register(registry);
        return holder;
    }

    /**
     * Sends the values set since the last publish and waits for CloudWatch's answer: Lambda freezes
     * the container once the handler returns, so nothing may be left to a background thread. A failed
     * call is logged by the registry and does not fail the invocation.
     */
    public void publish() {
        if (registry == null) {
            return;
        }
        try {
            registry.publishNow();
        } catch (RuntimeException e) {
            LOG.warn("could not publish gauges to CloudWatch: {}", e.toString());
        } finally {
            values.values().forEach(v -> v.value = Double.NaN);
        }
    }

    @Override
    public void close() throws Exception {
        if (registry != null) {
            registry.close();
            client.close();
        }
    }

    private record Key(GaugeMetric metric, String target) {
    }

    /** A gauge's current value; NaN (unknown, or already sent) is skipped by the registry. */
    private static final class Value {
        volatile double value = Double.NaN;
    }
}
