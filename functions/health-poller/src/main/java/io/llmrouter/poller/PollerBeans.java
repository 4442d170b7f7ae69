package io.llmrouter.poller;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.health.ClusterProbe;
import io.llmrouter.health.ProbeClients;
import io.llmrouter.health.EventBridgeTransitionPublisher;
import io.llmrouter.health.HealthPoller;
import io.llmrouter.health.HealthTransitionPublisher;
import io.llmrouter.health.ProbeTimeouts;
import io.llmrouter.state.RoutingStateStore;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClientBuilder;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The health-poller's beans: one probe per cluster, on HTTP clients they share (one, plus one per mTLS
 * identity, warm across invocations), the EventBridge publisher, and the poller.
 */
@Factory
public class PollerBeans {

    /** One HTTP client for every cluster's probe (one more per mTLS identity), warm across invocations. */
    @Singleton
    @Bean(preDestroy = "close")
    ProbeClients probeClients() {
        return new ProbeClients(ProbeTimeouts.defaults());
    }

    @Singleton
    @Bean(preDestroy = "close")
    HealthPoller healthPoller(RouterConfig config, RoutingStateStore store, HealthTransitionPublisher publisher,
                              Clock clock, ProbeClients clients) {
        ProbeTimeouts timeouts = ProbeTimeouts.defaults();
        Map<String, ClusterProbe> probes = new LinkedHashMap<>();
        for (ClusterConfig cluster : config.clusters()) {
            probes.put(cluster.name(), ClusterProbe.forCluster(cluster, timeouts, clock, clients));
        }
        // The round's deadline is a last guard: each probe has its own, shorter, overall timeout.
        Duration roundDeadline = timeouts.overall().plusSeconds(2);
        return new HealthPoller(config.clusters(), cluster -> probes.get(cluster.name()).probe(), store, publisher,
                roundDeadline, clock);
    }

    @Singleton
    HealthTransitionPublisher transitionPublisher(@Value("${event.bus.name:}") String busName,
                                                  @Value("${eventbridge.endpoint:}") String endpoint) {
        if (busName.isBlank()) {
            return HealthTransitionPublisher.NONE;
        }
        EventBridgeClientBuilder builder = EventBridgeClient.builder()
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)));
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return new EventBridgeTransitionPublisher(builder.build(), busName);
    }
}
