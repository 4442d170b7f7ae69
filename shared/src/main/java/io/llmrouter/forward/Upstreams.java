package io.llmrouter.forward;

import io.llmrouter.clusterauth.ClusterAuthenticator;
import io.llmrouter.clusterauth.ClusterAuthenticators;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.ProviderType;
import io.llmrouter.forward.translate.ProviderTranslator;
import io.llmrouter.forward.translate.ProviderTranslators;
import io.llmrouter.routing.Target;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * The {@link Upstream} of each target, built once and kept: HTTP clients hold connection pools and
 * TLS sessions that a warm Lambda container should reuse.
 *
 * <p>Clusters are llama-servers and speak OpenAI's format under {@code {endpoint}/v1}; a provider speaks
 * the format of its {@link ProviderType}, at its configured base URL or the provider's public one.
 */
public final class Upstreams {

    private final Clock clock;
    private final Duration connectTimeout;
    private final ProviderTranslators translators;
    private final HttpClient shared;
    private final Map<String, Upstream> byTarget = new ConcurrentHashMap<>();
    /** Runs the HTTP clients' internal tasks, for every upstream. */
    private static final Executor EXCHANGES = Executors.newVirtualThreadPerTaskExecutor();

    public Upstreams(Clock clock, Duration connectTimeout) {
        this(clock, connectTimeout, ProviderTranslators.standard());
    }

    public Upstreams(Clock clock, Duration connectTimeout, ProviderTranslators translators) {
        this.clock = clock;
        this.connectTimeout = connectTimeout;
        this.translators = translators;
        this.shared = newClient(null);
    }

    public Upstream of(Target target) {
        return byTarget.computeIfAbsent(target.name(), name -> build(target));
    }

    private Upstream build(Target target) {
        if (target.kind() == Target.Kind.CLUSTER) {
            ClusterConfig cluster = target.cluster();
            ClusterAuthenticator auth = ClusterAuthenticators.forCluster(cluster.auth(), clock);
            HttpClient client = auth.sslContext().map(this::newClient).orElse(shared);
            return new BasedUpstream(target, client, translators.forType(ProviderType.OPENAI),
                    withoutTrailingSlash(cluster.endpoint().toString()) + "/v1", auth::apply);
        }
        ProviderConfig provider = target.provider();
        ProviderTranslator translator = translators.forType(provider.type());
        URI base = provider.baseUrl() == null ? translator.defaultBaseUrl() : provider.baseUrl();
        Map<String, String> keyHeaders = provider.apiKey() == null ? Map.of() : translator.authHeaders(provider.apiKey());
        return new BasedUpstream(target, shared, translator, base.toString(),
                (request, method, uri, body) -> keyHeaders.forEach(request::header));
    }

    private HttpClient newClient(javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                // The client hands each exchange's steps to its executor; its default, a cached pool of
                // platform threads, cost a third more CPU per forwarded request than virtual threads
                // (local stack at 32 connections: 305 -> 218 us a request, 4,800 -> 6,600 requests/s).
                .executor(EXCHANGES);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    private static String withoutTrailingSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @FunctionalInterface
    private interface Credentials {
        void apply(HttpRequest.Builder request, String method, URI uri, byte[] body);
    }

    /** @param base the target's base URL without a trailing slash, so that a path is simply appended */
    private record BasedUpstream(Target target, HttpClient client, ProviderTranslator translator, String base,
                                 Credentials credentials) implements Upstream {

        BasedUpstream {
            base = withoutTrailingSlash(base);
        }

        @Override
        public URI resolve(String upstreamPath) {
            return URI.create(base + (upstreamPath.startsWith("/") ? upstreamPath : "/" + upstreamPath));
        }

        @Override
        public void authenticate(HttpRequest.Builder request, String method, URI uri, byte[] body) {
            credentials.apply(request, method, uri, body);
        }

        @Override
        public String toString() {
            return "Upstream[" + target.name() + " at " + base + "]";
        }
    }
}
