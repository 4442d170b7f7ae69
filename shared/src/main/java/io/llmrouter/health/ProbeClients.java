package io.llmrouter.health;

import io.llmrouter.clusterauth.ClusterAuthenticator;

import javax.net.ssl.SSLContext;
import java.net.http.HttpClient;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The HTTP clients the health-poller's probes share: one for every cluster that needs no client certificate,
 * and one per distinct TLS context for clusters that do (mTLS). A JDK {@link HttpClient} runs one selector
 * thread and keeps a connection pool per host; 200 clusters on 200 clients meant 200 selector threads
 * contending for two cores, most of a 200-cluster round's time. One client serves every cluster's concurrent
 * probes and keeps each cluster's connections alive between rounds all the same.
 */
public final class ProbeClients implements AutoCloseable {

    private final ProbeTimeouts timeouts;
    private final HttpClient plain;
    private final Map<SSLContext, HttpClient> byTls = new IdentityHashMap<>();

    public ProbeClients(ProbeTimeouts timeouts) {
        this.timeouts = timeouts;
        this.plain = builder().build();
    }

    /** The client for a cluster authenticating with {@code authenticator}: shared unless it brings its own TLS context. */
    public synchronized HttpClient forAuthenticator(ClusterAuthenticator authenticator) {
        return authenticator.sslContext()
                .map(tls -> byTls.computeIfAbsent(tls, context -> builder().sslContext(context).build()))
                .orElse(plain);
    }

    /** How many distinct clients the probes use (1 when no cluster needs a client certificate). */
    public synchronized int size() {
        return 1 + byTls.size();
    }

    private HttpClient.Builder builder() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // llama-server speaks HTTP/1.1 only
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER);
    }

    @Override
    public synchronized void close() {
        plain.shutdownNow();
        byTls.values().forEach(HttpClient::shutdownNow);
    }
}
