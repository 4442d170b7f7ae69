package io.llmrouter.config;

import java.util.Locale;

/**
 * Turns a secret reference written in a credential field ({@code apiKey}, {@code sharedSecret},
 * {@code adminKey}, client keys) into the secret: {@code ssm:/name} reads an SSM parameter (a
 * SecureString is decrypted), {@code secretsmanager:<name or ARN>} reads a Secrets Manager secret's
 * string, and {@code secretsmanager:<id>#<key>} one key of a JSON secret. References are read once,
 * when the configuration loads (a Lambda cold start), never per request.
 */
public interface SecretResolver {

    String SSM_PREFIX = "ssm:";
    String SECRETS_MANAGER_PREFIX = "secretsmanager:";

    /**
     * The secret a reference names.
     *
     * @throws IllegalArgumentException with a message that names the reference (never a secret) when it
     *                                  cannot be read
     */
    String resolve(String reference);

    /** Whether a credential value is a reference rather than the secret itself. */
    static boolean isReference(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.startsWith(SSM_PREFIX) || lower.startsWith(SECRETS_MANAGER_PREFIX);
    }

    /** For configurations read where no AWS secret store is reachable: every reference is an error. */
    static SecretResolver unavailable() {
        // The reference stays out of the message: it may have been assembled from ${...} values.
        return reference -> {
            throw new IllegalArgumentException("ssm: and secretsmanager: references cannot be resolved here"
                    + " (no AWS secret store configured); pass the value as ${ENV_VAR}");
        };
    }
}
