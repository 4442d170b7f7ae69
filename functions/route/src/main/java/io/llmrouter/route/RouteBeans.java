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

    @Singleton
    RouterGateway routerGateway(RouterConfig config, SnapshotCache snapshots, CircuitBreakers breakers, Clock clock) {
        Forwarder forwarder = new Forwarder(new Upstreams(clock, Duration.ofSeconds(2)), breakers,
                ForwardSettings.defaults());
        return new RouterGateway(config, snapshots, new Router(config), forwarder, breakers, clock);
    }
}
