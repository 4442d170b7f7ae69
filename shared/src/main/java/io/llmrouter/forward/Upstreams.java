package io.llmrouter.forward;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.ProviderType;
import io.llmrouter.forward.auth.ClusterAuthenticator;
import io.llmrouter.forward.auth.ClusterAuthenticators;
import io.llmrouter.routing.Target;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Upstream} of each target, built once and kept: HTTP clients hold connection pools and
 * TLS sessions that a warm Lambda container should reuse.
 */
public final class Upstreams {

    static final URI OPENAI_DEFAULT_BASE = URI.create("https://api.openai.com/v1");

    private final Clock clock;
    private final Duration connectTimeout;
    private final HttpClient shared;
    private final Map<String, Upstream> byTarget = new ConcurrentHashMap<>();

    public Upstreams(Clock clock, Duration connectTimeout) {
        this.clock = clock;
        this.connectTimeout = connectTimeout;
        this.shared = newClient(null);
    }

    /** The target's upstream, or empty when the router cannot speak its wire format. */
    public Optional<Upstream> of(Target target) {
        if (target.kind() == Target.Kind.PROVIDER && target.provider().type() != ProviderType.OPENAI) {
            return Optional.empty();
        }
        return Optional.of(byTarget.computeIfAbsent(target.name(), name -> build(target)));
    }

    private Upstream build(Target target) {
        if (target.kind() == Target.Kind.CLUSTER) {
            ClusterConfig cluster = target.cluster();
            ClusterAuthenticator auth = ClusterAuthenticators.forCluster(cluster.auth(), clock);
            HttpClient client = auth.sslContext().map(this::newClient).orElse(shared);
            return new BasedUpstream(target, client, withTrailingSlash(cluster.endpoint()).resolve("v1/"),
                    auth::apply);
        }
        ProviderConfig provider = target.provider();
        URI base = provider.baseUrl() == null ? OPENAI_DEFAULT_BASE : provider.baseUrl();
        String bearer = "Bearer " + provider.apiKey();
        return new BasedUpstream(target, shared, withTrailingSlash(base),
                (request, method, uri, body) -> request.header("Authorization", bearer));
    }

    private HttpClient newClient(javax.net.ssl.SSLContext tls) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        }
        return builder.build();
    }

    private static URI withTrailingSlash(URI base) {
        String text = base.toString();
        return text.endsWith("/") ? base : URI.create(text + "/");
    }

    @FunctionalInterface
    private interface Credentials {
        void apply(HttpRequest.Builder request, String method, URI uri, byte[] body);
    }

    private record BasedUpstream(Target target, HttpClient client, URI base, Credentials credentials) implements Upstream {

        @Override
        public URI resolve(String openAiPath) {
            return base.resolve(openAiPath.startsWith("/") ? openAiPath.substring(1) : openAiPath);
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
