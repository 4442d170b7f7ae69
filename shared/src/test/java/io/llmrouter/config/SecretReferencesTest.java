package io.llmrouter.config;

import io.llmrouter.testing.aws.AwsSecretStoresStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provider keys, cluster secrets and the admin key written as {@code ssm:} and {@code secretsmanager:}
 * references, read through the AWS SDK from a loopback stand-in that speaks both services' protocol.
 */
class SecretReferencesTest {

    static final String YAML = """
            router: {routingStrategy: cost, adminKey: "ssm:/llm-router/admin-key"}
            clusters:
              - {name: aws, endpoint: 'https://aws.example.com', costPerHour: 0.09, authType: hmac,
                 sharedSecret: "secretsmanager:llm-router/clusters#aws"}
            externalProviders:
              - {name: anthropic, type: anthropic, apiKey: "secretsmanager:llm-router/anthropic", defaultModel: claude-sonnet-4-5}
              - {name: openai, type: openai, apiKey: "${OPENAI_API_KEY}", defaultModel: gpt-4o-mini}
            """;

    AwsSecretStoresStub aws;
    final AtomicInteger ssmClients = new AtomicInteger();
    final AtomicInteger secretsManagerClients = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        aws = new AwsSecretStoresStub();
        aws.putSecureString("/llm-router/admin-key", "admin-from-ssm");
        aws.putSecret("llm-router/clusters", "{\"aws\":\"hmac-from-json-secret\",\"gcp\":\"other\"}");
        aws.putSecret("llm-router/anthropic", "sk-ant-from-secrets-manager");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    AwsSecretResolver resolver() {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "dummy"));
        return new AwsSecretResolver(
                () -> {
                    ssmClients.incrementAndGet();
                    return SsmClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                            .credentialsProvider(credentials).httpClient(ApacheHttpClient.create()).build();
                },
                () -> {
                    secretsManagerClients.incrementAndGet();
                    return SecretsManagerClient.builder().endpointOverride(aws.endpoint()).region(Region.US_EAST_1)
                            .credentialsProvider(credentials).httpClient(ApacheHttpClient.create()).build();
                });
    }

    @Test
    void referencesInCredentialFieldsAreReadOnceAtLoad() {
        RouterConfig config;
        try (AwsSecretResolver secrets = resolver()) {
            config = ConfigLoader.fromYaml(YAML, Map.of("OPENAI_API_KEY", "sk-from-env"), secrets);
        }

        assertEquals("admin-from-ssm", config.router().adminKey());
        assertEquals("hmac-from-json-secret", config.cluster("aws").orElseThrow().auth().sharedSecret());
        assertEquals("sk-ant-from-secrets-manager", config.provider("anthropic").orElseThrow().apiKey());
        assertEquals("sk-from-env", config.provider("openai").orElseThrow().apiKey());
        assertEquals(1, ssmClients.get());
        assertEquals(1, secretsManagerClients.get());
        assertEquals(3, aws.requests().size());
        assertTrue(aws.requests().stream().anyMatch(r -> r.path("WithDecryption").asBoolean()), "SecureStrings are decrypted");
    }

    @Test
    void aConfigWithoutReferencesMakesNoClient() {
        try (AwsSecretResolver secrets = resolver()) {
            ConfigLoader.fromYaml("""
                    clusters: [{name: aws, endpoint: 'https://aws.example.com', costPerHour: 0.09}]
                    """, Map.of(), secrets);
        }
        assertEquals(0, ssmClients.get() + secretsManagerClients.get());
    }

    @Test
    void unreadableReferencesAreNamedWithoutLeakingAnySecret() {
        aws.putSecret("llm-router/clusters", "not json sk-secret-text");
        String yaml = """
                router: {adminKey: "ssm:/llm-router/typo"}
                clusters:
                  - {name: aws, endpoint: 'https://aws.example.com', costPerHour: 0.09, authType: hmac,
                     sharedSecret: "secretsmanager:llm-router/clusters#aws"}
                externalProviders:
                  - {name: anthropic, type: anthropic, apiKey: "secretsmanager:llm-router/missing", defaultModel: claude-sonnet-4-5}
                """;
        ConfigException e;
        try (AwsSecretResolver secrets = resolver()) {
            e = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, Map.of(), secrets));
        }

        String problems = String.join("\n", e.problems());
        assertTrue(problems.contains("router.adminKey: SSM parameter not found: /llm-router/typo"), problems);
        assertTrue(problems.contains("clusters[0].sharedSecret: Secrets Manager secret llm-router/clusters is not JSON"), problems);
        assertTrue(problems.contains("externalProviders[0].apiKey: Secrets Manager secret llm-router/missing not found"), problems);
        assertFalse(e.getMessage().contains("sk-secret-text"), e.getMessage());
    }

    @Test
    void withoutASecretStoreAReferenceIsAClearError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.fromYaml("router: {adminKey: \"ssm:/llm-router/admin-key\"}\n", Map.of()));
        assertTrue(e.problems().get(0).contains("cannot be resolved here"), e.problems().toString());
    }
}
