package io.llmrouter.wiring;

import io.llmrouter.config.AwsSecretResolver;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.SsmClientBuilder;

import java.net.URI;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The router configuration, read once per Lambda container.
 *
 * <p>{@code ROUTER_CONFIG} (property {@code router.config}) names a YAML file or an SSM parameter
 * ({@code ssm:/llm-router/config}). Credential fields may hold {@code ssm:/name} or
 * {@code secretsmanager:<id>[#key]} references, read here once. An invalid config, or a reference that
 * cannot be read, fails the container's start with every problem named, rather than a request later.
 * {@code SSM_ENDPOINT} and {@code SECRETSMANAGER_ENDPOINT} point the clients elsewhere than AWS.
 */
@Factory
public class RouterConfigBeans {

    @Singleton
    RouterConfig routerConfig(@Value("${router.config:}") String location,
                              @Value("${ssm.endpoint:}") String ssmEndpoint,
                              @Value("${secretsmanager.endpoint:}") String secretsManagerEndpoint) {
        if (location == null || location.isBlank()) {
            throw new IllegalStateException("ROUTER_CONFIG is not set: give the path of a router YAML file "
                    + "or an SSM parameter as ssm:/name");
        }
        Supplier<SsmClient> ssm = () -> {
            SsmClientBuilder builder = SsmClient.builder();
            if (!ssmEndpoint.isBlank()) {
                builder.endpointOverride(URI.create(ssmEndpoint));
            }
            return builder.build();
        };
        Supplier<SecretsManagerClient> secretsManager = () -> {
            SecretsManagerClientBuilder builder = SecretsManagerClient.builder();
            if (!secretsManagerEndpoint.isBlank()) {
                builder.endpointOverride(URI.create(secretsManagerEndpoint));
            }
            return builder.build();
        };
        try (AwsSecretResolver secrets = new AwsSecretResolver(ssm, secretsManager)) {
            return ConfigLoader.load(location, System.getenv(), ssm, secrets);
        }
    }

    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
