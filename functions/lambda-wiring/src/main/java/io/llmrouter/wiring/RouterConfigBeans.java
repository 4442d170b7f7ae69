package io.llmrouter.wiring;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.time.Clock;

/**
 * The router configuration, read once per Lambda container.
 *
 * <p>{@code ROUTER_CONFIG} (property {@code router.config}) names a YAML file or an SSM parameter
 * ({@code ssm:/llm-router/config}). An invalid config fails the container's start with every problem
 * named, rather than a request later.
 */
@Factory
public class RouterConfigBeans {

    @Singleton
    RouterConfig routerConfig(@Value("${router.config:}") String location) {
        if (location == null || location.isBlank()) {
            throw new IllegalStateException("ROUTER_CONFIG is not set: give the path of a router YAML file "
                    + "or an SSM parameter as ssm:/name");
        }
        return ConfigLoader.load(location, System.getenv(), SsmClient::create);
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
