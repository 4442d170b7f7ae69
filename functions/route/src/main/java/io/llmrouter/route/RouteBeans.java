package io.llmrouter.route;

import io.llmrouter.metrics.RequestLog;
import io.llmrouter.metrics.RequestObserver;
import java.util.ArrayList;
import java.util.List;

import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.gateway.RouterGateway;
import io.llmrouter.keys.KeyStore;
import io.llmrouter.limits.LimitStore;
import io.llmrouter.spend.SpendRollup;
import io.llmrouter.spend.SpendStore;
import io.llmrouter.state.RoutingStateStore;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.wiring.EmfRequestMetrics;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;

/**
 * The route function's beans, built once per container: the gateway holds the snapshot cache (no
 * DynamoDB call while fresh), the cache of API keys (no DynamoDB call per request for a key it has read),
 * the router with its hysteresis memory and the upstreams' HTTP clients, and the spend roll-up (one DynamoDB write
 * per flush interval, not per request).
 */
@Factory
public class RouteBeans {

    /** The {@code Function} dimension of the route function's metrics. */
    static final String FUNCTION = "route";

    /**
     * {@code FORWARD_HEADERS_TIMEOUT} bounds one attempt until the upstream's headers arrive (a
     * non-streamed completion sends them when it is done); {@code FORWARD_TOTAL_BUDGET} bounds all
     * attempts of an answer the client gets whole; {@code FORWARD_STREAM_BUDGET} those of an answer
     * streamed to the client (it must end before the function's timeout), and
     * {@code FORWARD_STREAM_IDLE_TIMEOUT} how long a stream may go without a byte from its upstream.
     */
    @Singleton
    ForwardSettings forwardSettings(@Value("${forward.headers-timeout:20s}") Duration headersTimeout,
                                    @Value("${forward.total-budget:27s}") Duration totalBudget,
                                    @Value("${forward.max-attempts:3}") int maxAttempts,
                                    @Value("${forward.stream-budget:870s}") Duration streamBudget,
                                    @Value("${forward.stream-idle-timeout:60s}") Duration streamIdleTimeout) {
        return new ForwardSettings(totalBudget, headersTimeout, maxAttempts, streamBudget, streamIdleTimeout);
    }

    /**
     * When a target's circuit breaker opens ({@code FORWARD_BREAKER_FAILURES} failures in a row) and how long it
     * keeps the target out before a trial ({@code FORWARD_BREAKER_COOLDOWN}, doubled after each failed trial up to
     * {@code FORWARD_BREAKER_MAX_COOLDOWN}). The defaults are {@link BreakerPolicy#defaults()}.
     */
    @Singleton
    BreakerPolicy breakerPolicy(@Value("${forward.breaker-failures:3}") int failures,
                                @Value("${forward.breaker-cooldown:30s}") Duration cooldown,
                                @Value("${forward.breaker-max-cooldown:5m}") Duration maxCooldown) {
        return new BreakerPolicy(failures, cooldown, maxCooldown);
    }

    /**
     * What requests cost, per key, team, tag, target and model, added to the table every {@code SPEND_FLUSH_INTERVAL}
     * (on a request thread: Lambda freezes background threads) and once more when the application context closes.
     * Typed as itself only, so that it is not also one of the extra {@link RequestObserver}s: the gateway's observers
     * get it once, below.
     */
    @Singleton
    @Bean(typed = SpendRollup.class, preDestroy = "flush")
    SpendRollup spendRollup(SpendStore store, Clock clock,
                            @Value("${spend.flush-interval:10s}") Duration flushInterval) {
        return new SpendRollup(store, clock, flushInterval);
    }

    /**
     * Every request is counted in CloudWatch (EMF on stdout) and logged as one JSON line, and failed
     * loads of the routing state are counted ({@link EmfSnapshotMetrics}); further
     * {@link RequestObserver} beans (the local stack's dashboard) are told too. {@code METRICS_PUBLISH=false}
     * (the local stack, which has no CloudWatch) leaves the EMF document out: it cost a sixth of the
     * local stack's CPU per request with nobody to read it. The spend roll-up hears of every request too, and
     * {@code GET /v1/router/spend} reads what it stored.
     */
    @Singleton
    RouterGateway routerGateway(RouterConfig config, RoutingStateStore store, KeyStore keyStore,
                                LimitStore limitStore, SpendRollup spend, ForwardSettings forwardSettings,
                                BreakerPolicy breakerPolicy, Clock clock, List<RequestObserver> extraObservers,
                                @Value("${metrics.publish:true}") boolean publish,
                                @Value("${powertools.metrics.namespace:LlmRouter}") String namespace) {
        List<RequestObserver> observers = new ArrayList<>();
        if (publish) {
            observers.add(new EmfRequestMetrics(namespace, FUNCTION));
        }
        observers.add(new RequestLog());
        observers.add(spend);
        observers.addAll(extraObservers);
        SnapshotCacheListener snapshotMetrics = publish ? new EmfSnapshotMetrics(namespace) : SnapshotCacheListener.NONE;
        return RouterGateway.assemble(config, store, keyStore, limitStore, spend, forwardSettings, breakerPolicy, clock,
                RequestObserver.all(observers), snapshotMetrics);
    }
}
