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
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final UpstreamHttp shared;
    private final Map<String, Upstream> byTarget = new ConcurrentHashMap<>();

    public Upstreams(Clock clock, Duration connectTimeout) {
        this(clock, connectTimeout, ProviderTranslators.standard());
    }

    public Upstreams(Clock clock, Duration connectTimeout, ProviderTranslators translators) {
        this.clock = clock;
        this.connectTimeout = connectTimeout;
        this.translators = translators;
        this.shared = new UpstreamHttp(connectTimeout, null);
    }

    public Upstream of(Target target) {
        return byTarget.computeIfAbsent(target.name(), name -> build(target));
    }

    private Upstream build(Target target) {
        if (target.kind() == Target.Kind.CLUSTER) {
            ClusterConfig cluster = target.cluster();
            ClusterAuthenticator auth = ClusterAuthenticators.forCluster(cluster.auth(), clock);
            UpstreamHttp http = auth.sslContext().map(tls -> new UpstreamHttp(connectTimeout, tls)).orElse(shared);
            return new BasedUpstream(target, http, translators.forType(ProviderType.OPENAI),
                    withoutTrailingSlash(cluster.endpoint().toString()) + "/v1", auth::headers);
        }
        ProviderConfig provider = target.provider();
        ProviderTranslator translator = translators.forType(provider.type());
        URI base = provider.baseUrl() == null ? translator.defaultBaseUrl() : provider.baseUrl();
        Map<String, String> keyHeaders = provider.apiKey() == null ? Map.of() : translator.authHeaders(provider.apiKey());
        return new BasedUpstream(target, shared, translator, base.toString(), (method, uri, body) -> keyHeaders);
    }

    private static String withoutTrailingSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @FunctionalInterface
    private interface Credentials {
        Map<String, String> headers(String method, URI uri, byte[] body);
    }

    /** @param base the target's base URL without a trailing slash, so that a path is simply appended */
    private record BasedUpstream(Target target, UpstreamHttp http, ProviderTranslator translator, String base,
                                 Credentials signer, Map<String, URI> resolved) implements Upstream {

        BasedUpstream(Target target, UpstreamHttp http, ProviderTranslator translator, String base, Credentials signer) {
            // A target is called on a handful of paths; parsing the same URI on every request showed in profiles.
            this(target, http, translator, withoutTrailingSlash(base), signer, new ConcurrentHashMap<>());
        }

        @Override
        public URI resolve(String upstreamPath) {
            URI known = resolved.get(upstreamPath);
            if (known != null) {
                return known;
            }
            URI uri = URI.create(base + (upstreamPath.startsWith("/") ? upstreamPath : "/" + upstreamPath));
            if (resolved.size() < 64) {
                resolved.put(upstreamPath, uri);
            }
            return uri;
        }

        @Override
        public Map<String, String> credentials(String method, URI uri, byte[] body) {
            return signer.headers(method, uri, body);
        }

        @Override
        public String toString() {
            return "Upstream[" + target.name() + " at " + base + "]";
        }
    }
}
