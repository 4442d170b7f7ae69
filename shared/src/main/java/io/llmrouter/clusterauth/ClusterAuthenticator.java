package io.llmrouter.clusterauth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How requests to one llama.cpp cluster prove who sends them. Used alike by the router's forwarder and by
 * the health-poller; {@link ClusterAuthenticators#forCluster} picks the implementation for a cluster's config.
 *
 * <p>Two parts, because Java's HTTP client splits them: per-request headers ({@link #apply}) and, for TLS,
 * an {@link SSLContext} that must be set when the {@code HttpClient} is built ({@link #sslContext}).
 */
public interface ClusterAuthenticator {

    /**
     * Adds the authentication headers to a request about to be sent.
     *
     * @param request the request being built; its URI must be {@code uri}
     * @param method  the HTTP method, upper case ({@code GET}, {@code POST})
     * @param uri     the full request URI; signing schemes cover its raw path and query
     * @param body    the exact bytes that will be sent as the body; empty for none
     * @return {@code request}, for chaining
     */
    HttpRequest.Builder apply(HttpRequest.Builder request, String method, URI uri, byte[] body);

    /**
     * The TLS context the {@code HttpClient} must use: a client certificate (mTLS), a private CA to trust,
     * or both. Empty means the JDK's defaults.
     */
    default Optional<SSLContext> sslContext() {
        return Optional.empty();
    }
}
