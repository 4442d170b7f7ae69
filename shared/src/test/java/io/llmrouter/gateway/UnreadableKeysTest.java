package io.llmrouter.gateway;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.keys.KeyStore;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When the stored keys cannot be read: keys required means 503, an open router stays open. */
class UnreadableKeysTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final String CONFIG_KEY = "sk-config-0123456789";

    /** Every call fails as an unreachable DynamoDB does. */
    static final KeyStore UNREACHABLE = new KeyStore() {
        @Override
        public boolean create(ApiKey key) {
            throw failure();
        }

        @Override
        public Optional<ApiKey> find(String id) {
            throw failure();
        }

        @Override
        public List<ApiKey> list() {
            throw failure();
        }

        @Override
        public boolean replace(ApiKey expected, ApiKey key) {
            throw failure();
        }

        private RoutingStateUnavailableException failure() {
            return new RoutingStateUnavailableException("the API keys cannot be read: unreachable", null);
        }
    };

    RouterGateway gateway(String auth) {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {adminKey: admin-secret}
                clusters:
                  - {name: local, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [tiny]}
                store: {tableName: %s}
                %s
                """.formatted(dynamo.tableName(), auth), Map.of());
        return RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(), config.store()),
                UNREACHABLE, ForwardSettings.defaults(), Clock.systemUTC(), RequestObserver.NONE,
                SnapshotCacheListener.NONE);
    }

    static int status(RouterGateway gateway, String method, String path, String key) {
        return gateway.handle(new HttpCall(method, path, Map.of("Authorization", "Bearer " + key), null)).status();
    }

    @Test
    void withKeysRequiredAStoredKeyThatCannotBeCheckedIs503AndConfigKeysStillWork() {
        RouterGateway gateway = gateway("auth: {clientKeys: [{name: ops, sha256: %s}]}"
                .formatted(KeySecrets.sha256Hex(CONFIG_KEY)));

        assertEquals(503, status(gateway, "GET", "/v1/models", "sk-some-stored-key"));
        assertEquals(200, status(gateway, "GET", "/v1/models", CONFIG_KEY));
        assertEquals(503, status(gateway, "GET", "/v1/router/keys", "admin-secret"));
    }

    @Test
    void anOpenRouterServesARequestWhoseKeyItCannotCheck() {
        assertEquals(200, status(gateway(""), "GET", "/v1/models", "sk-placeholder"));
    }
}
