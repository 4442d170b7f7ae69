package io.llmrouter.clusterauth;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How requests to one llama.cpp cluster prove who sends them. Used alike by the router's forwarder and by
 * the health-poller; {@link ClusterAuthenticators#forCluster} picks the implementation for a cluster's config.
 *
 * <p>Two parts, because HTTP clients split them: per-request headers ({@link #headers}) and, for TLS, an
 * {@link SSLContext} that must be set when the client is built ({@link #sslContext}). Neither part names an
 * HTTP client: the forwarder and the poller use different ones.
 */
public interface ClusterAuthenticator {

    /**
     * The authentication headers of a request about to be sent, to be set on it (replacing any of the same name).
     *
     * @param method the HTTP method, upper case ({@code GET}, {@code POST})
     * @param uri    the full request URI; signing schemes cover its raw path and query
     * @param body   the exact bytes that will be sent as the body; empty for none
     */
    Map<String, String> headers(String method, URI uri, byte[] body);

    /**
     * The TLS context the {@code HttpClient} must use: a client certificate (mTLS), a private CA to trust,
     * or both. Empty means the JDK's defaults.
     */
    default Optional<SSLContext> sslContext() {
        return Optional.empty();
    }
}
