package io.llmrouter.clusterauth;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * TLS settings around another authenticator: a client certificate (mutual TLS, with {@link NoAuthentication}
 * inside) and/or a private CA to trust, combined with whatever headers the inner authenticator adds.
 */
public final class TlsAuthenticator implements ClusterAuthenticator {

    private final ClusterAuthenticator headers;
    private final SSLContext sslContext;

    public TlsAuthenticator(ClusterAuthenticator headers, SSLContext sslContext) {
        this.headers = Objects.requireNonNull(headers, "headers");
        this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
    }

    @Override
    public Map<String, String> headers(String method, URI uri, byte[] body) {
        return headers.headers(method, uri, body);
    }

    @Override
    public Optional<SSLContext> sslContext() {
        return Optional.of(sslContext);
    }

    @Override
    public String toString() {
        return "TlsAuthenticator[" + headers + "]";
    }
}
