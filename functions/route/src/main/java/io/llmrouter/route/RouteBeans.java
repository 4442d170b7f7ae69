package io.llmrouter.route;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.forward.CircuitBreakers;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.forward.Forwarder;
import io.llmrouter.forward.Upstreams;
import io.llmrouter.gateway.RouterGateway;
import io.llmrouter.routing.Router;
import io.llmrouter.store.RoutingStateStore;
import io.llmrouter.store.SnapshotCache;
import io.llmrouter.store.SnapshotCacheListener;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * The route function's beans, built once per container: the snapshot cache (no DynamoDB call while
 * fresh), the router with its hysteresis memory, the upstreams' HTTP clients, and the gateway.
 */
@Factory
public class RouteBeans {

    @Singleton
    SnapshotCache snapshotCache(RoutingStateStore store, StoreSettings settings, Clock clock) {
        return new SnapshotCache(store, settings, clock, SnapshotCacheListener.NONE);
    }

    @Singleton
    CircuitBreakers circuitBreakers(RoutingStateStore store, Clock clock) {
        return new CircuitBreakers(store, BreakerPolicy.defaults(), clock);
    }

    /**
     * {@code FORWARD_HEADERS_TIMEOUT} bounds one attempt until the upstream's headers arrive (a
     * non-streamed completion sends them when it is done); {@code FORWARD_TOTAL_BUDGET} bounds all
     * attempts, and must stay under API Gateway's 30 s integration limit.
     */
    @Singleton
    ForwardSettings forwardSettings(@Value("${forward.headers-timeout:20s}") Duration headersTimeout,
                                    @Value("${forward.total-budget:27s}") Duration totalBudget,
                                    @Value("${forward.max-attempts:3}") int maxAttempts) {
        return new ForwardSettings(totalBudget, headersTimeout, maxAttempts);
    }

    @Singleton
    RouterGateway routerGateway(RouterConfig config, SnapshotCache snapshots, CircuitBreakers breakers,
                                ForwardSettings forwardSettings, Clock clock) {
        Forwarder forwarder = new Forwarder(new Upstreams(clock, Duration.ofSeconds(2)), breakers, forwardSettings);
        return new RouterGateway(config, snapshots, new Router(config), forwarder, breakers, clock);
    }
}
