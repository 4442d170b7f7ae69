package io.llmrouter.wiring;

import io.micrometer.cloudwatch2.CloudWatchConfig;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClientBuilder;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The scheduled functions' CloudWatch gauges, one registry and client per container.
 *
 * <p>{@code METRICS_PUBLISH=false} (property {@code metrics.publish}) turns publishing off, for local
 * runs without AWS. {@code CLOUDWATCH_ENDPOINT} points the client elsewhere than AWS. The namespace is
 * {@code POWERTOOLS_METRICS_NAMESPACE}, the one the EMF metrics use, {@code LlmRouter} by default.
 */
@Factory
// The route function leaves Micrometer and the CloudWatch client out of its zip (it sends EMF instead): these beans exist only where they are.
@Requires(classes = {CloudWatchAsyncClient.class, CloudWatchConfig.class})
public class GaugeBeans {

    /** The whole PutMetricData call, retries included. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);

    @Singleton
    @Bean(preDestroy = "close")
    CloudWatchGauges cloudWatchGauges(@Value("${metrics.publish:true}") boolean publish,
                                      @Value("${cloudwatch.endpoint:}") String endpoint,
                                      @Value("${powertools.metrics.namespace:LlmRouter}") String namespace,
                                      List<GaugeListener> listeners) {
        if (!publish) {
            return CloudWatchGauges.off(listeners);
        }
        CloudWatchAsyncClientBuilder builder = CloudWatchAsyncClient.builder()
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallAttemptTimeout(Duration.ofSeconds(2))
                        .apiCallTimeout(CALL_TIMEOUT)
                        .build());
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        CloudWatchAsyncClient client = builder.build();
        return CloudWatchGauges.publishingTo(new InvocationCloudWatchRegistry(config(namespace), client), client,
                listeners);
    }

    static CloudWatchConfig config(String namespace) {
        return new CloudWatchConfig() {
            @Override
            public String get(String key) {
                return null;
            }

            @Override
            public String namespace() {
                return namespace;
            }

            /**
             * How long a publish waits for CloudWatch's answer. Longer than the client's own timeout,
             * so the call has always ended, one way or the other, when the handler goes on.
             */
            @Override
            @SuppressWarnings("deprecation")
            public Duration readTimeout() {
                return CALL_TIMEOUT.plusSeconds(2);
            }
        };
    }
}
