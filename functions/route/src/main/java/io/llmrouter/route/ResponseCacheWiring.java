package io.llmrouter.route;

import io.llmrouter.cache.AnswerStore;
import io.llmrouter.cache.ResponseCache;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.gateway.RouterGateway;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Gives the route function's gateway its response cache ({@code cache} in the config) as the gateway bean is
 * built: the answers in the state table's {@code cache#} partition, the hot ones in each instance's memory. A
 * listener of its own rather than one more argument of {@link RouteBeans#routerGateway}, so that the cache is
 * wired in one place and turned off by config ({@code cache.enabled: false}), not by editing the gateway's recipe.
 */
@Singleton
final class ResponseCacheWiring implements BeanCreatedEventListener<RouterGateway> {

    private final RouterConfig config;
    private final AnswerStore answers;
    private final Clock clock;

    ResponseCacheWiring(RouterConfig config, AnswerStore answers, Clock clock) {
        this.config = config;
        this.answers = answers;
        this.clock = clock;
    }

    @Override
    public RouterGateway onCreated(BeanCreatedEvent<RouterGateway> event) {
        return event.getBean().withResponseCache(new ResponseCache(config, answers, clock));
    }
}
