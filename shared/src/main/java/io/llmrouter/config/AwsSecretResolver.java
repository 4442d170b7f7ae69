package io.llmrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Resolves {@code ssm:} and {@code secretsmanager:} references with the AWS SDK. Each client is made on
 * first use (a config with no references costs no client start-up) and closed with the resolver. A
 * reference used twice is read once.
 */
public final class AwsSecretResolver implements SecretResolver, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<SsmClient> ssmClients;
    private final Supplier<SecretsManagerClient> secretsManagerClients;
    private final Map<String, String> resolved = new ConcurrentHashMap<>();
    private SsmClient ssm;
    private SecretsManagerClient secretsManager;

    public AwsSecretResolver(Supplier<SsmClient> ssmClients, Supplier<SecretsManagerClient> secretsManagerClients) {
        this.ssmClients = ssmClients;
        this.secretsManagerClients = secretsManagerClients;
    }

    @Override
    public String resolve(String reference) {
        String cached = resolved.get(reference);
        if (cached != null) {
            return cached;
        }
        String value = reference.regionMatches(true, 0, SSM_PREFIX, 0, SSM_PREFIX.length())
                ? fromSsm(reference.substring(SSM_PREFIX.length()))
                : fromSecretsManager(reference.substring(SECRETS_MANAGER_PREFIX.length()));
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(reference + " holds an empty value");
        }
        resolved.put(reference, value);
        return value;
    }

    private synchronized String fromSsm(String name) {
        if (ssm == null) {
            ssm = ssmClients.get();
        }
        try {
            return SsmParameters.read(ssm, name);
        } catch (SsmParameters.Unreadable e) {
            throw new IllegalArgumentException(e.getMessage() + ": " + name);
        }
    }

    private synchronized String fromSecretsManager(String idAndKey) {
        int hash = idAndKey.indexOf('#');
        String id = hash < 0 ? idAndKey : idAndKey.substring(0, hash);
        String key = hash < 0 ? null : idAndKey.substring(hash + 1);
        if (secretsManager == null) {
            secretsManager = secretsManagerClients.get();
        }
        String secret;
        try {
            secret = secretsManager.getSecretValue(r -> r.secretId(id)).secretString();
        } catch (ResourceNotFoundException e) {
            throw new IllegalArgumentException("Secrets Manager secret " + id + " not found");
        } catch (SecretsManagerException e) {
            throw new IllegalArgumentException("Secrets Manager GetSecretValue " + id + " failed: "
                    + e.awsErrorDetails().errorCode());
        } catch (SdkException e) {
            throw new IllegalArgumentException("Secrets Manager could not be reached for " + id + ": " + e.getMessage());
        }
        if (secret == null) {
            throw new IllegalArgumentException("Secrets Manager secret " + id + " has no SecretString (binary secrets are not read)");
        }
        if (key == null) {
            return secret;
        }
        JsonNode fields;
        try {
            fields = JSON.readTree(secret);
        } catch (IOException e) {
            // The secret's text stays out of the message.
            throw new IllegalArgumentException("Secrets Manager secret " + id + " is not JSON, so it has no key " + key);
        }
        JsonNode field = fields.get(key);
        if (field == null || !field.isTextual()) {
            throw new IllegalArgumentException("Secrets Manager secret " + id + " has no string key " + key);
        }
        return field.asText();
    }

    @Override
    public synchronized void close() {
        if (ssm != null) {
            ssm.close();
        }
        if (secretsManager != null) {
            secretsManager.close();
        }
    }
}
