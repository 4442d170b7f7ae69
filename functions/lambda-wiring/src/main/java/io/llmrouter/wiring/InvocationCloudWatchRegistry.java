package io.llmrouter.wiring;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micrometer.cloudwatch2.CloudWatchMeterRegistry;
import io.micrometer.cloudwatch2.CloudWatchNamingConvention;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.NamingConvention;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;

import java.util.concurrent.ThreadFactory;

/**
 * Micrometer's CloudWatch registry, published by the function itself, once per invocation, and never
 * on a schedule.
 *
 * <p>The stock registry publishes from a background thread every step. In Lambda that thread only
 * runs while an invocation does, so it would send at random moments (or not at all before the
 * container is frozen or dropped); here the handler publishes before it returns, and the scheduler is
 * never started.
 */
final class InvocationCloudWatchRegistry extends CloudWatchMeterRegistry {

    InvocationCloudWatchRegistry(CloudWatchConfig config, CloudWatchAsyncClient client) {
        super(config, Clock.SYSTEM, client);
        config().namingConvention(new ExactGaugeNames());
    }

    @Override
    public void start(ThreadFactory threadFactory) {
        // Called by the superclass constructor; publishing is the handler's job (see publishNow).
    }

    /**
     * Sends every gauge's current value with PutMetricData and returns when CloudWatch has answered
     * (or the registry's read timeout has passed). Gauges whose value is NaN are not sent.
     */
    void publishNow() {
        publish();
    }

    /**
     * The registry names a gauge's datum {@code <name>.value}; the metric contract names it
     * {@code <name>}, as the dashboards and alarms expect.
     */
    private static final class ExactGaugeNames implements NamingConvention {

        private static final String GAUGE_SUFFIX = ".value";
        private final NamingConvention cloudWatch = new CloudWatchNamingConvention();

        @Override
        public String name(String name, Meter.Type type, String baseUnit) {
            String exact = type == Meter.Type.GAUGE && name.endsWith(GAUGE_SUFFIX)
                    ? name.substring(0, name.length() - GAUGE_SUFFIX.length())
                    : name;
            return cloudWatch.name(exact, type, baseUnit);
        }

        @Override
        public String tagKey(String key) {
            return cloudWatch.tagKey(key);
        }

        @Override
        public String tagValue(String value) {
            return cloudWatch.tagValue(value);
        }
    }
}
