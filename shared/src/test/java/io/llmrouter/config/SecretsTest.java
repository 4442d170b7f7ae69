package io.llmrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secret values never reach exception messages or toString, whether written literally or taken from the environment. */
class SecretsTest {

    private static final String ENV_SECRET = "sk-live-ENV-7f3a9c";
    private static final String LITERAL_SECRET = "hmac-LITERAL-51d0e2";
    private static final String ADMIN_SECRET = "admin-ENV-c0ffee";
    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", ENV_SECRET, "ADMIN_KEY", ADMIN_SECRET);

    private static void assertNoSecretIn(String text) {
        for (String secret : List.of(ENV_SECRET, LITERAL_SECRET, ADMIN_SECRET)) {
            assertFalse(text.contains(secret), () -> "secret leaked into: " + text);
        }
    }

    @Test
    void toStringOfALoadedConfigMasksEverySecret() {
        String yaml = """
                router: {adminKey: '${ADMIN_KEY}'}
                clusters:
                  - {name: a, endpoint: 'https://a', costPerHour: 1, authType: hmac, sharedSecret: %s}
                externalProviders:
                  - {name: o, type: openai, apiKey: '${OPENAI_API_KEY}', defaultModel: m}
                """.formatted(LITERAL_SECRET);

        RouterConfig config = ConfigLoader.fromYaml(yaml, ENV);

        assertEquals(ENV_SECRET, config.provider("o").orElseThrow().apiKey());
        assertEquals(LITERAL_SECRET, config.cluster("a").orElseThrow().auth().sharedSecret());
        assertEquals(ADMIN_SECRET, config.router().adminKey());
        assertNoSecretIn(config.toString());
        assertTrue(config.toString().contains("sharedSecret=***"), config.toString());
    }

    @Test
    void problemsAboutSecretFieldsNeverQuoteTheValue() {
        String yaml = """
                router: {adminKey: 'ssm:/router/admin/${ADMIN_KEY}'}
                clusters:
                  - {name: a, endpoint: 'https://a', costPerHour: 1, authType: apiKey, sharedSecret: %s}
                  - {name: b, endpoint: 'https://user:${OPENAI_API_KEY}@b.example.com', costPerHour: 1}
                externalProviders:
                  - {name: o, type: openai, apiKey: '${OPENAI_API_KEY}', defaultModel: m, baseURL: 'https:///${OPENAI_API_KEY}'}
                """.formatted(LITERAL_SECRET);

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, ENV));

        assertEquals(List.of(
                "router.adminKey: ssm: and secretsmanager: references cannot be resolved here"
                        + " (no AWS secret store configured); pass the value as ${ENV_VAR}",
                "clusters[0].sharedSecret: is only used with authType hmac, but authType is apiKey",
                "clusters[0].apiKey: is required with authType apiKey",
                "clusters[1].endpoint: must not embed credentials (user:password@); use the auth settings",
                "externalProviders[0].baseURL: must name a host"), e.problems());
        assertNoSecretIn(e.getMessage());
    }

    @Test
    void yamlSyntaxErrorsDoNotQuoteTheBrokenLine() {
        String yaml = """
                clusters:
                  - name: a
                    sharedSecret: "%s
                    endpoint: https://a
                """.formatted(LITERAL_SECRET);

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, ENV));

        assertTrue(e.getMessage().contains("YAML syntax error"), e.getMessage());
        assertNoSecretIn(e.getMessage());
        assertEquals(null, e.getCause());
    }
}
