package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigException;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client keys (configured as SHA-256 only) and the admin key guard the API; /health stays open. */
class ClientKeysTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();
    static final String TEAM_A_KEY = "sk-team-a-0123456789";
    static final String TEAM_B_KEY = "sk-team-b-9876543210";
    static RouterGateway gateway;

    static String sha256(String key) {
        return KeySecrets.sha256Hex(key);
    }

    @BeforeAll
    static void deploy() {
        String table = dynamo.newTableName("client-keys");
        StateTable.createIfMissing(dynamo.client(), table);
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {adminKey: admin-secret}
                clusters:
                  - {name: local, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [tiny]}
                store: {tableName: %s}
                auth:
                  clientKeys:
                    - {name: team-a, sha256: %s}
                    - {name: team-b, sha256: %s}
                """.formatted(table, sha256(TEAM_A_KEY), sha256(TEAM_B_KEY).toUpperCase()), Map.of());
        gateway = RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(), config.store()),
                ForwardSettings.defaults(), Clock.systemUTC());
    }

    static HttpAnswer get(String path, String authorization) {
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("Authorization", authorization);
        return gateway.handle(new HttpCall("GET", path, headers, new byte[0]));
    }

    @Test
    void theApiNeedsAConfiguredKey() throws Exception {
        assertEquals(401, get("/v1/models", null).status());
        HttpAnswer wrong = get("/v1/models", "Bearer sk-not-a-key");
        assertEquals(401, wrong.status());
        assertEquals("invalid_api_key", new ObjectMapper().readTree(wrong.body()).path("error").path("code").asText());
        assertFalse(wrong.bodyText().contains("sk-not-a-key"), "the presented key is never echoed");
        assertEquals(401, get("/v1/models", "Bearer ").status());
        assertEquals(401, get("/v1/models", "Basic " + TEAM_A_KEY).status());

        assertEquals(200, get("/v1/models", "Bearer " + TEAM_A_KEY).status());
        assertEquals(200, get("/v1/models", "bearer  " + TEAM_B_KEY + " ").status(), "scheme case and spaces");
        assertEquals(401, get("/v1/models", "Bearer " + TEAM_A_KEY + "x").status());
    }

    @Test
    void healthIsOpenAndAdminEndpointsNeedTheAdminKeyNotAClientKey() {
        assertTrue(get("/health", null).status() != 401);
        assertEquals(401, get("/v1/router/state", "Bearer " + TEAM_A_KEY).status());
        assertEquals(200, get("/v1/router/state", "Bearer admin-secret").status());
    }

    @Test
    void aPastedKeyInsteadOfItsHashIsAConfigErrorThatDoesNotRepeatIt() {
        ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml("""
                clusters: [{name: c, endpoint: "http://127.0.0.1:9", costPerHour: 0.1}]
                auth: {clientKeys: [{name: ops, sha256: sk-live-oops-this-is-the-key}]}
                """, Map.of()));
        assertTrue(error.getMessage().contains("auth.clientKeys[0].sha256"), error.getMessage());
        assertFalse(error.getMessage().contains("sk-live-oops"), error.getMessage());
    }

    @Test
    void theKeyCacheTtlDefaultsToThirtySecondsAndMustBePositive() {
        String cluster = "clusters: [{name: c, endpoint: \"http://127.0.0.1:9\", costPerHour: 0.1}]\n";
        assertEquals(java.time.Duration.ofSeconds(30), ConfigLoader.fromYaml(cluster, Map.of()).keyCacheTtl());
        assertEquals(java.time.Duration.ofSeconds(5),
                ConfigLoader.fromYaml(cluster + "auth: {keyCacheTtl: 5s}\n", Map.of()).keyCacheTtl());
        ConfigException error = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromYaml(cluster + "auth: {keyCacheTtl: 0s}\n", Map.of()));
        assertTrue(error.getMessage().contains("auth.keyCacheTtl"), error.getMessage());
    }
}
