package io.llmrouter.config;

/**
 * Credentials for a cluster. Secret values come from the environment through {@code ${ENV}}
 * references, resolved at load time (or from a SecureString config in SSM); none of them is ever
 * logged. {@code ssm:} and {@code secretsmanager:} references in secret fields are refused, not yet
 * resolved.
 *
 * @param type           how to authenticate
 * @param sharedSecret   HMAC key (type hmac)
 * @param apiKey         llama-server API key (type apiKey)
 * @param clientCertPath PEM client certificate (type mtls)
 * @param clientKeyPath  PEM private key (type mtls)
 * @param caCertPath     PEM CA bundle to trust for the cluster's server certificate; null trusts the JDK's
 */
public record ClusterAuth(
        AuthType type,
        String sharedSecret,
        String apiKey,
        String clientCertPath,
        String clientKeyPath,
        String caCertPath) {

    public static ClusterAuth none() {
        return new ClusterAuth(AuthType.NONE, null, null, null, null, null);
    }

    @Override
    public String toString() {
        return "ClusterAuth[type=" + type + ", sharedSecret=" + mask(sharedSecret) + ", apiKey=" + mask(apiKey)
                + ", clientCertPath=" + clientCertPath + ", clientKeyPath=" + clientKeyPath
                + ", caCertPath=" + caCertPath + "]";
    }

    static String mask(String secret) {
        return secret == null ? "unset" : "***";
    }
}
