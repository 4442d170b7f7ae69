package io.llmrouter.clusterauth;

import io.llmrouter.config.AuthType;
import io.llmrouter.config.ClusterAuth;
import java.nio.file.Path;
import java.time.Clock;
import javax.net.ssl.SSLContext;

/** Picks and builds the {@link ClusterAuthenticator} that a cluster's {@link ClusterAuth} asks for. */
public final class ClusterAuthenticators {

    private ClusterAuthenticators() {
    }

    /**
     * @param auth  the cluster's settings; null means no authentication
     * @param clock source of the HMAC timestamps
     * @throws ClusterAuthException when the settings are incomplete or a PEM file cannot be used
     */
    public static ClusterAuthenticator forCluster(ClusterAuth auth, Clock clock) {
        if (auth == null) {
            return NoAuthentication.INSTANCE;
        }
        AuthType type = auth.type() == null ? AuthType.NONE : auth.type();
        ClusterAuthenticator headers = switch (type) {
            case NONE, MTLS -> NoAuthentication.INSTANCE;
            case API_KEY -> new ApiKeyAuthenticator(auth.apiKey());
            case HMAC -> new HmacAuthenticator(auth.sharedSecret(), clock);
        };
        if (type == AuthType.MTLS && (auth.clientCertPath() == null || auth.clientKeyPath() == null)) {
            throw new ClusterAuthException("mtls authentication needs clientCertPath and clientKeyPath");
        }
        // A private CA applies to every type: an API key or HMAC cluster may also sit behind its own CA.
        boolean clientCertificate = type == AuthType.MTLS;
        if (!clientCertificate && auth.caCertPath() == null) {
            return headers;
        }
        SSLContext tls = PemSslContexts.create(
                clientCertificate ? Path.of(auth.clientCertPath()) : null,
                clientCertificate ? Path.of(auth.clientKeyPath()) : null,
                auth.caCertPath() == null ? null : Path.of(auth.caCertPath()));
        return new TlsAuthenticator(headers, tls);
    }
}
