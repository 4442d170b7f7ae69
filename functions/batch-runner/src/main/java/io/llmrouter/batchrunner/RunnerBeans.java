package io.llmrouter.batchrunner;

import io.llmrouter.batch.BatchPlacement;
import io.llmrouter.batch.BatchRunner;
import io.llmrouter.batch.BatchStore;
import io.llmrouter.batch.FileStore;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.gateway.RouterGateway;
import io.llmrouter.keys.KeyStore;
import io.llmrouter.limits.LimitStore;
import io.llmrouter.metrics.RequestLog;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.spend.SpendRollup;
import io.llmrouter.spend.SpendStore;
import io.llmrouter.state.RoutingStateStore;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.wiring.EmfRequestMetrics;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The batch runner over the batch store, with a gateway assembled as the route function's is (router, snapshot cache,
 * forwarder with its circuit breakers, pricing), whose request path runs the batch items. Only where there is a batch
 * bucket ({@code BATCH_BUCKET}).
 */
@Factory
@Requires(property = "batch.bucket")
public class RunnerBeans {

    /** The {@code Function} dimension of the batch requests' metrics. */
    static final String FUNCTION = "batch-runner";

    /**
     * @param lease how long a claimed item is this runner's: longer than the forward budget, so that a live runner
     *              never loses an item it is still sending
     */
    @Singleton
    BatchPass batchPass(BatchStore store, FileStore files, RouterConfig config, RoutingStateStore routingState,
                        KeyStore keyStore, LimitStore limitStore, SpendStore spendStore, Clock clock,
                            @Value("${forward.total-budget:27s}") Duration totalBudget,
                            @Value("${batch.lease:120s}") Duration lease,
                            @Value("${batch.reserved-slots:1}") int reservedSlots,
                            @Value("${batch.urgent-share:0.25}") double urgentShare,
                            @Value("${metrics.publish:true}") boolean publish,
                            @Value("${powertools.metrics.namespace:LlmRouter}") String namespace) {
        // The runner's own gateway and spend roll-up, not beans: where the route function's classes are on the
        // classpath too (the local stack), its gateway and roll-up stay the only beans of their types. Each request
        // the runner sends is logged, rolled up and counted in CloudWatch (Function batch-runner) as a live one is.
        // The API keys and limit counters are the route function's: a batch made by a stored key runs within its
        // bounds and spends from its budgets.
        SpendRollup spend = new SpendRollup(spendStore, clock);
        List<RequestObserver> observers = new ArrayList<>(List.of(spend, new RequestLog()));
        if (publish) {
            observers.add(new EmfRequestMetrics(namespace, FUNCTION));
        }
        ForwardSettings defaults = ForwardSettings.defaults();
        RouterGateway gateway = RouterGateway.assemble(config, routingState, keyStore, limitStore, null,
                new ForwardSettings(totalBudget, defaults.headersTimeout(), defaults.maxAttempts(),
                        defaults.streamBudget(), defaults.streamIdleTimeout()),
                clock, RequestObserver.all(observers), SnapshotCacheListener.NONE);
        BatchPlacement placement = new BatchPlacement(reservedSlots, urgentShare,
                BatchPlacement.DEFAULTS.urgentParallelism());
        return new BatchPass(new BatchRunner(store, files, gateway.batchRequests(), placement,
                config.clusters().stream().map(ClusterConfig::name).toList(), lease, clock), spend);
    }
}
