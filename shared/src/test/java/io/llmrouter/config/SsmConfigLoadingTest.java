package io.llmrouter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.testing.aws.AwsSecretStoresStub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

class SsmConfigLoadingTest {

    private static final String PARAMETER = "/llm-router/prod/config";
    private static final String YAML = """
            router: {routingStrategy: cost}
            clusters:
              - {name: aws, endpoint: 'https://aws.example.com', costPerHour: 0.09, authType: hmac,
                 sharedSecret: '${CLUSTER_SECRET}'}
            """;

    private AwsSecretStoresStub ssm;

    @BeforeEach
    void startStub() throws IOException {
        ssm = new AwsSecretStoresStub();
        ssm.putSecureString(PARAMETER, YAML);
    }

    @AfterEach
    void stopStub() {
        ssm.close();
    }

    private SsmClient client() {
        return SsmClient.builder()
                .endpointOverride(ssm.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "dummy")))
                .httpClient(ApacheHttpClient.create())
                .build();
    }

    @Test
    void loadsADecryptedSecureStringParameter() {
        RouterConfig config;
        try (SsmClient client = client()) {
            config = ConfigLoader.fromSsmParameter(PARAMETER, client, Map.of("CLUSTER_SECRET", "s"));
        }

        assertEquals(RoutingStrategyName.COST, config.router().routingStrategy());
        assertEquals("s", config.cluster("aws").orElseThrow().auth().sharedSecret());
        assertEquals(1, ssm.requests().size());
        assertEquals(PARAMETER, ssm.requests().getFirst().path("Name").asText());
        assertTrue(ssm.requests().getFirst().path("WithDecryption").asBoolean());
    }

    @Test
    void aMissingParameterIsAClearConfigException() {
        ConfigException e;
        try (SsmClient client = client()) {
            e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.fromSsmParameter("/llm-router/typo", client, Map.of()));
        }

        assertEquals("Cannot read router configuration from ssm:/llm-router/typo: SSM parameter not found",
                e.getMessage());
        assertEquals("ssm:/llm-router/typo", e.source());
        assertInstanceOf(ParameterNotFoundException.class, e.getCause());
    }

    @Test
    void problemsInTheParameterNameItAsTheSource() {
        try (SsmClient client = client()) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> ConfigLoader.fromSsmParameter(PARAMETER, client, Map.of()));

            assertEquals(List.of("clusters[0].sharedSecret: environment variable CLUSTER_SECRET is not set"),
                    e.problems());
            assertTrue(e.getMessage().startsWith("Invalid router configuration in ssm:" + PARAMETER), e.getMessage());
        }
    }

    @Test
    void loadReadsAnSsmLocationWithAClientItClosesAfterwards() {
        AtomicInteger clientsMade = new AtomicInteger();
        AtomicBoolean closed = new AtomicBoolean();

        RouterConfig config = ConfigLoader.load("ssm:" + PARAMETER, Map.of("CLUSTER_SECRET", "s"), () -> {
            clientsMade.incrementAndGet();
            SsmClient real = client();
            // the real client, with its close() observed
            return new SsmClient() {
                @Override
                public GetParameterResponse getParameter(GetParameterRequest request) {
                    return real.getParameter(request);
                }

                @Override
                public String serviceName() {
                    return real.serviceName();
                }

                @Override
                public void close() {
                    closed.set(true);
                    real.close();
                }
            };
        });

        assertEquals("aws", config.clusters().getFirst().name());
        assertEquals(1, clientsMade.get());
        assertTrue(closed.get());
    }

    @Test
    void loadReadsAFilePathWithoutMakingAnSsmClient(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("router.yaml"), YAML);

        RouterConfig config = ConfigLoader.load(file.toString(), Map.of("CLUSTER_SECRET", "s"), () -> {
            throw new AssertionError("no SSM client is needed for a file");
        });

        assertEquals("aws", config.clusters().getFirst().name());
    }

    @Test
    void aMissingFileIsAClearConfigException(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.fromFile(missing, Map.of()));

        assertEquals("Cannot read router configuration from " + missing + ": no such file", e.getMessage());
    }
}
