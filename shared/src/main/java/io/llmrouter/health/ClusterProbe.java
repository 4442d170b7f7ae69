package io.llmrouter.health;

import io.llmrouter.clusterauth.ClusterAuthenticator;
import io.llmrouter.clusterauth.ClusterAuthenticators;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.state.HealthRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes one llama.cpp cluster: {@code GET /health} decides up or down and gives the latency; when up,
 * {@code /metrics}, {@code /slots} and {@code /v1/models} are asked at once and fill in what they can. Those
 * three are optional: a build with metrics off (501), slots off, or a model list behind a key the router lacks
 * leaves its fields unknown, and the cluster stays up.
 *
 * <p>{@link #probe()} never throws and returns within {@link ProbeTimeouts#overall()}: a refused connection,
 * a timeout, a TLS failure or an unreadable answer becomes a down record with a reason. The health-poller's probes
 * share their HTTP clients ({@link ProbeClients}); a probe made without one holds its own, closed with it.
 */
public final class ClusterProbe implements AutoCloseable {

    /**
     * Set by llama-server on {@code /metrics}. Despite the name it is not unix time in v0.5.0 (it is a monotonic
     * microsecond count at start), so it is kept as an opaque value that changes when the server restarts.
     */
    static final String RESTART_MARKER_HEADER = "Process-Start-Time-Unix";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterProbe.class);
    private static final byte[] NO_BODY = new byte[0];

    private final ClusterConfig cluster;
    private final String baseUrl;
    private final ClusterAuthenticator authenticator;
    private final ProbeTimeouts timeouts;
    private final Clock clock;
    private final HttpClient http;
    /** Clients this probe made for itself, closed with it; null when they are shared. */
    private final ProbeClients own;

    /** A probe with HTTP clients of its own. */
    public ClusterProbe(ClusterConfig cluster, ClusterAuthenticator authenticator, ProbeTimeouts timeouts, Clock clock) {
        this(cluster, authenticator, timeouts, clock, new ProbeClients(timeouts), true);
    }

    /** A probe on shared clients, which its owner closes. */
    public ClusterProbe(ClusterConfig cluster, ClusterAuthenticator authenticator, ProbeTimeouts timeouts, Clock clock,
                        ProbeClients clients) {
        this(cluster, authenticator, timeouts, clock, clients, false);
    }

    private ClusterProbe(ClusterConfig cluster, ClusterAuthenticator authenticator, ProbeTimeouts timeouts, Clock clock,
                         ProbeClients clients, boolean owned) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.baseUrl = withoutTrailingSlash(Objects.requireNonNull(cluster.endpoint(), "cluster endpoint").toString());
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.http = clients.forAuthenticator(authenticator);
        this.own = owned ? clients : null;
    }

    /**
     * A probe authenticating as the cluster's config says.
     *
     * @throws io.llmrouter.clusterauth.ClusterAuthException when those settings cannot be used (e.g. a bad PEM file)
     */
    public static ClusterProbe forCluster(ClusterConfig cluster, ProbeTimeouts timeouts, Clock clock) {
        return new ClusterProbe(cluster, ClusterAuthenticators.forCluster(cluster.auth(), clock), timeouts, clock);
    }

    /** As {@link #forCluster(ClusterConfig, ProbeTimeouts, Clock)}, on shared clients. */
    public static ClusterProbe forCluster(ClusterConfig cluster, ProbeTimeouts timeouts, Clock clock,
                                          ProbeClients clients) {
        return new ClusterProbe(cluster, ClusterAuthenticators.forCluster(cluster.auth(), clock), timeouts, clock,
                clients);
    }

    /** One probe round. {@code observedAt} is the clock's time when it started. */
    public HealthRecord probe() {
        Instant observedAt = clock.instant();
        long deadline = System.nanoTime() + timeouts.overall().toNanos();
        try {
            return probe(observedAt, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthRecord.down(cluster.name(), "interrupted", observedAt, null);
        } catch (Exception e) {
            String reason = ProbeFailures.describe(e);
            LOG.debug("Cluster {} is down: {}", cluster.name(), reason);
            return HealthRecord.down(cluster.name(), reason, observedAt, null);
        }
    }

    private HealthRecord probe(Instant observedAt, long deadline) throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> health = await(get("/health", deadline), deadline);
        long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        LlamaServerResponses.HealthStatus status = LlamaServerResponses.health(health.statusCode(), health.body());
        if (!status.up()) {
            return HealthRecord.down(cluster.name(), status.reason(), observedAt, latencyMs);
        }

        CompletableFuture<HttpResponse<String>> metricsCall = get("/metrics", deadline);
        CompletableFuture<HttpResponse<String>> slotsCall = get("/slots", deadline);
        CompletableFuture<HttpResponse<String>> modelsCall = get("/v1/models", deadline);
        Optional<HttpResponse<String>> metricsResponse = awaitOptional(metricsCall, deadline, "/metrics");
        Optional<HttpResponse<String>> slotsResponse = awaitOptional(slotsCall, deadline, "/slots");
        Optional<HttpResponse<String>> modelsResponse = awaitOptional(modelsCall, deadline, "/v1/models");

        LlamaServerMetrics metrics = metricsResponse.filter(ClusterProbe::isOk)
                .map(response -> readMetrics(response.body()))
                .orElseGet(LlamaServerMetrics::unknown);
        String restartMarker = metricsResponse
                .flatMap(response -> response.headers().firstValue(RESTART_MARKER_HEADER))
                .map(String::strip)
                .filter(marker -> !marker.isEmpty())
                .orElse(null);
        Optional<SlotUsage> slots = slotsResponse.filter(ClusterProbe::isOk)
                .flatMap(response -> LlamaServerResponses.parse(response.body()))
                .flatMap(SlotUsage::from);
        List<String> servedModels = modelsResponse.filter(ClusterProbe::isOk)
                .map(response -> LlamaServerResponses.modelIds(response.body()))
                .orElse(List.of());

        return upRecord(cluster.name(), status.reason(), observedAt, latencyMs, metrics, slots, servedModels,
                restartMarker);
    }

    /**
     * The record of a cluster that answered {@code /health} as up, from what its {@code /metrics} and
     * {@code /slots} said (either may be unknown); the replay's simulated probe builds its records the same way.
     */
    public static HealthRecord upRecord(String cluster, String reason, Instant observedAt, long latencyMs,
                                        LlamaServerMetrics metrics, Optional<SlotUsage> slots,
                                        List<String> servedModels, String restartMarker) {
        return new HealthRecord(cluster, true, reason, observedAt, latencyMs,
                metrics.generationTokensPerSecond(), metrics.promptTokensPerSecond(),
                metrics.generatedTokensTotal(), metrics.generationSecondsTotal(),
                metrics.requestsProcessing(), metrics.requestsDeferred(),
                slots.map(SlotUsage::busySlots).orElse(null),
                slots.map(SlotUsage::totalSlots).orElse(null),
                slots.map(SlotUsage::contextWindow).orElse(null),
                servedModels, restartMarker);
    }

    private LlamaServerMetrics readMetrics(String body) {
        PrometheusExposition exposition = PrometheusTextParser.parse(body);
        if (exposition.skippedLines() > 0) {
            LOG.warn("Cluster {}: {} unreadable /metrics lines left out", cluster.name(), exposition.skippedLines());
        }
        return LlamaServerMetrics.from(exposition);
    }

    private CompletableFuture<HttpResponse<String>> get(String path, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return CompletableFuture.failedFuture(new TimeoutException("probe deadline passed before " + path));
        }
        URI uri = URI.create(baseUrl + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(min(timeouts.perRequest(), Duration.ofNanos(remaining)));
        authenticator.headers("GET", uri, NO_BODY).forEach(request::setHeader);
        return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Waits until the overall deadline at most; the per-request timeout only covers the response head. */
    private static <T> T await(CompletableFuture<T> call, long deadline) throws Exception {
        try {
            return call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** For the optional requests: a failure leaves their signals unknown instead of marking the cluster down. */
    private <T> Optional<T> awaitOptional(CompletableFuture<T> call, long deadline, String path) throws InterruptedException {
        try {
            return Optional.of(await(call, deadline));
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.debug("Cluster {}: {} gave nothing: {}", cluster.name(), path, ProbeFailures.describe(e));
            return Optional.empty();
        }
    }

    private static boolean isOk(HttpResponse<?> response) {
        return response.statusCode() == 200;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public void close() {
        if (own != null) {
            own.close();
        }
    }

    @Override
    public String toString() {
        return "ClusterProbe[" + cluster.name() + " " + baseUrl + ", " + authenticator + "]";
    }
}
