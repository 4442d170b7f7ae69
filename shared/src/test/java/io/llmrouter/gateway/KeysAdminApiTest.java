package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.keys.DynamoKeyStore;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.SnapshotCacheListener;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API for keys, through the gateway, on DynamoDB Local: status codes, shapes, the secret shown once. */
class KeysAdminApiTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ADMIN = "Bearer admin-secret";
    static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private RouterGateway gateway;

    @BeforeEach
    void deploy() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        RouterConfig config = ConfigLoader.fromYaml("""
                router: {adminKey: admin-secret}
                clusters:
                  - {name: local, endpoint: "http://127.0.0.1:9", costPerHour: 0.09, models: [tiny]}
                externalProviders:
                  - {name: api, type: openai, apiKey: sk-test, baseUrl: "http://127.0.0.1:9/v1", defaultModel: gpt-4o-mini}
                store: {tableName: %s, partition: admin}
                """.formatted(dynamo.tableName()), Map.of());
        gateway = RouterGateway.assemble(config, new DynamoRoutingStateStore(dynamo.client(), config.store(), clock),
                new DynamoKeyStore(dynamo.client(), config.store()), ForwardSettings.defaults(), clock,
                RequestObserver.NONE, SnapshotCacheListener.NONE);
    }

    HttpAnswer call(String method, String path, String authorization, String body) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        headers.put("Content-Type", "application/json");
        return gateway.handle(new HttpCall(method, path, headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode json(HttpAnswer answer) throws Exception {
        return JSON.readTree(answer.body());
    }

    JsonNode create(String body) throws Exception {
        HttpAnswer answer = call("POST", "/v1/router/keys", ADMIN, body);
        assertEquals(201, answer.status(), answer.bodyText());
        return json(answer);
    }

    @Test
    void everyKeyEndpointNeedsTheAdminKey() throws Exception {
        for (String[] call : new String[][]{{"POST", "/v1/router/keys"}, {"GET", "/v1/router/keys"},
                {"GET", "/v1/router/keys/key_0123456789abcdef"}, {"PATCH", "/v1/router/keys/key_0123456789abcdef"},
                {"DELETE", "/v1/router/keys/key_0123456789abcdef"}}) {
            for (String authorization : new String[]{null, "Bearer not-the-admin-key"}) {
                HttpAnswer answer = call(call[0], call[1], authorization, "{\"name\":\"x\"}");
                assertEquals(401, answer.status(), String.join(" ", call));
                assertEquals("authentication_error", json(answer).path("error").path("type").asText());
                assertEquals("invalid_api_key", json(answer).path("error").path("code").asText());
            }
        }
        assertEquals(0, json(call("GET", "/v1/router/keys", ADMIN, null)).path("data").size(), "nothing was created");
    }

    @Test
    void createShowsTheSecretOnceAndStoresOnlyItsHash() throws Exception {
        JsonNode created = create("""
                {"name": "ci", "team": "platform", "tags": {"env": "prod"}, "models": ["gpt-4o-mini"],
                 "targets": ["api"], "budget": {"usd": 25.5, "period": "month"}, "limits": {"rpm": 60, "tpm": 100000},
                 "expiresAt": "2027-01-01T00:00:00Z"}""");
        String secret = created.path("secret").asText();
        String id = created.path("id").asText();
        assertTrue(secret.startsWith("sk-") && secret.length() >= 46, secret.length() + " characters");
        assertEquals(KeySecrets.idOf(secret), id);
        assertEquals("platform", created.path("team").asText());
        assertEquals("prod", created.path("tags").path("env").asText());
        assertEquals("month", created.path("budget").path("period").asText());
        assertEquals(60, created.path("limits").path("rpm").asInt());
        assertEquals("2027-01-01T00:00:00Z", created.path("expiresAt").asText());
        assertEquals(T0.toString(), created.path("createdAt").asText());
        assertTrue(created.path("revokedAt").isNull());

        String hash = KeySecrets.sha256Hex(secret);
        HttpAnswer one = call("GET", "/v1/router/keys/" + id, ADMIN, null);
        HttpAnswer all = call("GET", "/v1/router/keys", ADMIN, null);
        HttpAnswer state = call("GET", "/v1/router/state", ADMIN, null);
        for (HttpAnswer answer : new HttpAnswer[]{one, all, state}) {
            assertEquals(200, answer.status());
            assertFalse(answer.bodyText().contains(secret), "the secret is shown once: " + answer.bodyText());
            assertFalse(answer.bodyText().contains(hash), "nor is its hash");
            assertFalse(answer.bodyText().contains("secret\""), answer.bodyText());
        }
        assertEquals("ci", json(one).path("name").asText());
        assertEquals(id, json(all).path("data").get(0).path("id").asText());

        Map<String, AttributeValue> item = dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).key(Map.of(
                "pk", AttributeValue.fromS("keys#admin"), "sk", AttributeValue.fromS("key#" + id)))).item();
        assertEquals(hash, item.get("secretSha256").s());
        assertFalse(item.toString().contains(secret));
    }

    @Test
    void patchChangesOnlyTheFieldsItNamesAndNullClearsOne() throws Exception {
        String id = create("{\"name\": \"ci\", \"team\": \"platform\", \"models\": [\"tiny\"]}").path("id").asText();

        HttpAnswer patched = call("PATCH", "/v1/router/keys/" + id, ADMIN,
                "{\"name\": \"ci-2\", \"team\": null, \"limits\": {\"rpm\": 10}}");

        assertEquals(200, patched.status(), patched.bodyText());
        JsonNode key = json(call("GET", "/v1/router/keys/" + id, ADMIN, null));
        assertEquals("ci-2", key.path("name").asText());
        assertTrue(key.path("team").isNull());
        assertEquals("tiny", key.path("models").get(0).asText());
        assertEquals(10, key.path("limits").path("rpm").asInt());
        assertTrue(key.path("limits").path("tpm").isNull());
        assertFalse(patched.bodyText().contains("\"secret\""));
    }

    @Test
    void deleteRevokesAndKeepsTheKey() throws Exception {
        String id = create("{\"name\": \"ci\"}").path("id").asText();
        clock.advance(java.time.Duration.ofMinutes(5));

        HttpAnswer revoked = call("DELETE", "/v1/router/keys/" + id, ADMIN, null);

        assertEquals(200, revoked.status());
        assertEquals(T0.plusSeconds(300).toString(), json(revoked).path("revokedAt").asText());
        assertEquals(T0.plusSeconds(300).toString(),
                json(call("GET", "/v1/router/keys/" + id, ADMIN, null)).path("revokedAt").asText());
        assertEquals(1, json(call("GET", "/v1/router/keys", ADMIN, null)).path("data").size());
    }

    @Test
    void aKeyThatDoesNotExistIs404() throws Exception {
        for (String method : new String[]{"GET", "PATCH", "DELETE"}) {
            HttpAnswer answer = call(method, "/v1/router/keys/key_0123456789abcdef", ADMIN, "{\"name\":\"x\"}");
            assertEquals(404, answer.status(), method);
            assertEquals("not_found", json(answer).path("error").path("code").asText());
            assertTrue(json(answer).path("error").path("message").asText().contains("key_0123456789abcdef"));
        }
        HttpAnswer pasted = call("GET", "/v1/router/keys/sk-some-secret", ADMIN, null);
        assertEquals(404, pasted.status());
        assertFalse(pasted.bodyText().contains("sk-some-secret"), "what is not an id is not echoed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            negative budget       | {"name":"x","budget":{"usd":-5,"period":"day"}}           | budget.usd
            zero budget           | {"name":"x","budget":{"usd":0,"period":"day"}}            | budget.usd
            unknown period        | {"name":"x","budget":{"usd":5,"period":"week"}}           | budget.period
            unknown budget field  | {"name":"x","budget":{"usd":5,"period":"day","cap":1}}    | budget.cap
            rpm zero              | {"name":"x","limits":{"rpm":0}}                           | limits.rpm
            tpm not whole         | {"name":"x","limits":{"tpm":1.5}}                         | limits.tpm
            unknown target        | {"name":"x","targets":["nowhere"]}                        | targets
            models not a list     | {"name":"x","models":"gpt-4o"}                            | models
            unknown field         | {"name":"x","limts":{"rpm":5}}                            | limts
            expiry in the past    | {"name":"x","expiresAt":"2020-01-01T00:00:00Z"}           | expiresAt
            expiry not an instant | {"name":"x","expiresAt":"tomorrow"}                       | expiresAt
            no name               | {"team":"x"}                                              | name
            tag not a string      | {"name":"x","tags":{"n":1}}                               | tags.n
            """)
    void badInputIs400NamingTheField(String why, String body, String field) throws Exception {
        HttpAnswer answer = call("POST", "/v1/router/keys", ADMIN, body);

        assertEquals(400, answer.status(), why + ": " + answer.bodyText());
        JsonNode error = json(answer).path("error");
        assertEquals("invalid_request_error", error.path("type").asText());
        assertEquals(field, error.path("param").asText(), error.toString());
        assertEquals(0, json(call("GET", "/v1/router/keys", ADMIN, null)).path("data").size(), "nothing stored");
    }

    @Test
    void malformedJsonAndBadPatchesAre400() throws Exception {
        assertEquals(400, call("POST", "/v1/router/keys", ADMIN, "{\"name\": ").status());
        assertEquals(400, call("POST", "/v1/router/keys", ADMIN, "[]").status());
        String id = create("{\"name\": \"ci\"}").path("id").asText();
        HttpAnswer patch = call("PATCH", "/v1/router/keys/" + id, ADMIN, "{\"limits\": {\"rpm\": 0}}");
        assertEquals(400, patch.status());
        assertEquals("limits.rpm", json(patch).path("error").path("param").asText());
        assertEquals(400, call("PATCH", "/v1/router/keys/" + id, ADMIN, "{\"name\": null}").status());
        assertTrue(json(call("GET", "/v1/router/keys/" + id, ADMIN, null)).path("limits").isNull(), "unchanged");
    }

    @Test
    void anOpenRouterStaysOpenButAStoredKeyKeepsItsBoundsAndItsRevocation() throws Exception {
        assertEquals(200, call("GET", "/v1/models", null, null).status(), "no auth.clientKeys: open as before");
        assertEquals(200, call("GET", "/v1/models", "Bearer sk-anything", null).status());

        JsonNode key = create("{\"name\": \"tiny-only\", \"models\": [\"tiny\"]}");
        String secret = "Bearer " + key.path("secret").asText();
        HttpAnswer denied = call("POST", "/v1/chat/completions", secret,
                "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertEquals(403, denied.status(), denied.bodyText());

        call("DELETE", "/v1/router/keys/" + key.path("id").asText(), ADMIN, null);
        assertEquals(401, call("GET", "/v1/models", secret, null).status());
    }
}
