package io.llmrouter.route;

import io.llmrouter.batch.BatchService;
import io.llmrouter.gateway.RouterGateway;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * Turns on the gateway's Files and Batch endpoints when the function has a batch bucket ({@code BATCH_BUCKET}); kept
 * apart from {@link RouteBeans} so that the gateway's assembly stays as it is.
 */
@Singleton
class BatchEndpointsWiring implements BeanCreatedEventListener<RouterGateway> {

    private final BeanProvider<BatchService> batches;

    BatchEndpointsWiring(BeanProvider<BatchService> batches) {
        this.batches = batches;
    }

    @Override
    public RouterGateway onCreated(BeanCreatedEvent<RouterGateway> event) {
        RouterGateway gateway = event.getBean();
        batches.ifPresent(gateway::serveBatches);
        return gateway;
    }
}
