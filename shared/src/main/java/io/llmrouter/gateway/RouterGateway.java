package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.batch.BatchService;
import io.llmrouter.batch.ItemExecutor;
import io.llmrouter.cache.ResponseCache;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.forward.CircuitBreakers;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.forward.Forwarder;
import io.llmrouter.forward.TargetGate;
import io.llmrouter.forward.Upstreams;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.keys.KeyAuthenticator;
import io.llmrouter.keys.KeyCheck;
import io.llmrouter.keys.KeyInput;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.keys.KeyStore;
import io.llmrouter.limits.LimitStore;
import io.llmrouter.limits.Limiter;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.Target;
import io.llmrouter.spend.SpendRollup;
import io.llmrouter.state.RoutingStateStore;
import io.llmrouter.state.RoutingStateUnavailableException;
import io.llmrouter.state.SnapshotCache;
import io.llmrouter.state.SnapshotCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The router's HTTP API, independent of what carries the calls (a function URL's event, the local front
 * door): it checks the client key, hands each call to its endpoint ({@link CompletionEndpoints},
 * {@link CatalogEndpoints}, {@link AdminEndpoints}, {@link PlaygroundEndpoints}) and tells the observer how it
 * went. Every failure is an answer in OpenAI's error shape, never an exception.
 */
public final class RouterGateway {

    private static final Logger LOG = LoggerFactory.getLogger(RouterGateway.class);

    private final Router router;
    private final Forwarder forwarder;
    private final BearerKeys clientKeys;
    private final BearerKeys adminKey;
    private final RequestObserver observer;
    private final CompletionEndpoints completions;
    private final CatalogEndpoints catalog;
    private final AdminEndpoints admin;
    private final PlaygroundEndpoints playground;
    /** Null without a key store: then only the config's client keys count, and the key endpoints are 404. */
    private final KeyAuthenticator storedKeys;
    private final KeyEndpoints keys;
    private final Limiter limiter;
    private final SpendEndpoints spend;
    private final BatchRequests batchRequests;
    private final Clock clock;
    /** Null until {@link #serveBatches}: the Files and Batch endpoints are 404. */
    private volatile BatchEndpoints batches;
    /** Null until {@link #serveBatches}, as {@link #batches}. */
    private volatile UploadEndpoints uploads;

    public RouterGateway(RouterConfig config, SnapshotCache snapshots, Router router, Forwarder forwarder,
                         CircuitBreakers breakers, Clock clock) {
        this(config, snapshots, router, forwarder, breakers, clock, RequestObserver.NONE);
    }

    /** @param observer told about every request once its answer is ready (metrics, request log) */
    public RouterGateway(RouterConfig config, SnapshotCache snapshots, Router router, Forwarder forwarder,
                         CircuitBreakers breakers, Clock clock, RequestObserver observer) {
        this(config, snapshots, router, forwarder, breakers, clock, observer, null);
    }

    /** @param keyStore the API keys managed through the admin API; null: none, only the config's client keys */
    public RouterGateway(RouterConfig config, SnapshotCache snapshots, Router router, Forwarder forwarder,
                         CircuitBreakers breakers, Clock clock, RequestObserver observer, KeyStore keyStore) {
        this(config, snapshots, router, forwarder, breakers, clock, observer, keyStore, null);
    }

    /** @param spend the spend roll-ups that {@code GET /v1/router/spend} reads; null: none, the endpoint is 404 */
    public RouterGateway(RouterConfig config, SnapshotCache snapshots, Router router, Forwarder forwarder,
                         CircuitBreakers breakers, Clock clock, RequestObserver observer, KeyStore keyStore,
                         SpendRollup spend) {
        this(config, snapshots, router, forwarder, breakers, clock, observer, keyStore, null, spend);
    }

    /**
     * @param limiter the keys' and teams' budgets and rate limits (the same one the forwarder's target gate asks);
     *                null: none enforced
     * @param spend   the spend roll-ups that {@code GET /v1/router/spend} reads; null: none, the endpoint is 404
     */
    public RouterGateway(RouterConfig config, SnapshotCache snapshots, Router router, Forwarder forwarder,
                         CircuitBreakers breakers, Clock clock, RequestObserver observer, KeyStore keyStore,
                         Limiter limiter, SpendRollup spend) {
        this.router = router;
        this.clock = clock;
        this.limiter = limiter;
        this.forwarder = forwarder;
        this.clientKeys = BearerKeys.of(config.clientKeys());
        this.adminKey = BearerKeys.single("admin", config.router().adminKey());
        this.observer = observer;
        RoutingState state = new RoutingState(snapshots, breakers);
        AnswerPricing pricing = new AnswerPricing(config);
        KeyBounds bounds = new KeyBounds(limiter, config.router().assumedOutputTokens());
        this.completions = new CompletionEndpoints(router, forwarder, state, pricing, clock, bounds);
        this.catalog = new CatalogEndpoints(config, router, state, clock);
        this.admin = new AdminEndpoints(config, router, state, clock);
        this.playground = new PlaygroundEndpoints(config, router, state, clock);
        this.storedKeys = keyStore == null ? null : new KeyAuthenticator(keyStore, config.keyCacheTtl(), clock);
        this.keys = keyStore == null ? null
                : new KeyEndpoints(keyStore, new KeyInput(config.targetNames(), clock), storedKeys, clock);
        this.spend = new SpendEndpoints(spend, clock);
        this.batchRequests = new BatchRequests(router, forwarder, state, pricing, clock, observer, storedKeys, bounds);
    }

    /** Turns on the Files, Uploads and Batch endpoints over {@code service}; called once, before the gateway serves. */
    public RouterGateway serveBatches(BatchService service) {
        this.batches = new BatchEndpoints(service);
        this.uploads = new UploadEndpoints(service.uploads(), clock);
        return this;
    }

    /** This gateway's request path, for the batch runner: batch requests are routed, sent and priced as live ones. */
    public ItemExecutor batchRequests() {
        return batchRequests;
    }

    /**
     * Serves repeated requests from {@code cache} ({@code cache} section, see {@link CachedCompletions}); call
     * once, before the first request. Without it nothing is cached and answers carry no {@code x-router-cache}.
     */
    public RouterGateway withResponseCache(ResponseCache cache) {
        completions.cacheAnswers(new CachedCompletions(cache, clock));
        return this;
    }

    /**
     * The gateway with its usual parts over {@code store}: a snapshot cache, the router, the
     * default circuit-breaker policy, and upstream HTTP clients with a 2 s connect timeout.
     */
    public static RouterGateway assemble(RouterConfig config, RoutingStateStore store, ForwardSettings forwarding,
                                         Clock clock) {
        return assemble(config, store, forwarding, clock, RequestObserver.NONE);
    }

    public static RouterGateway assemble(RouterConfig config, RoutingStateStore store, ForwardSettings forwarding,
                                         Clock clock, RequestObserver observer) {
        return assemble(config, store, forwarding, clock, observer, SnapshotCacheListener.NONE);
    }

    /** @param snapshotListener told about loads of the routing state, failed ones included (metrics) */
    public static RouterGateway assemble(RouterConfig config, RoutingStateStore store, ForwardSettings forwarding,
                                         Clock clock, RequestObserver observer, SnapshotCacheListener snapshotListener) {
        return assemble(config, store, null, forwarding, clock, observer, snapshotListener);
    }

    /** @param keyStore the API keys managed through the admin API; null: only the config's client keys */
    public static RouterGateway assemble(RouterConfig config, RoutingStateStore store, KeyStore keyStore,
                                         ForwardSettings forwarding, Clock clock, RequestObserver observer,
                                         SnapshotCacheListener snapshotListener) {
        return assemble(config, store, keyStore, null, null, forwarding, clock, observer, snapshotListener);
    }

    /**
     * @param limitStore the counters budgets and rate limits are leased from; null: no budget or rate limit is
     *                   enforced (keys keep them, stored)
     */
    public static RouterGateway assemble(RouterConfig config, RoutingStateStore store, KeyStore keyStore,
                                         LimitStore limitStore, ForwardSettings forwarding, Clock clock,
                                         RequestObserver observer, SnapshotCacheListener snapshotListener) {
        return assemble(config, store, keyStore, limitStore, null, forwarding, clock, observer, snapshotListener);
    }

    /**
     * @param spend the spend roll-ups {@code GET /v1/router/spend} reads (the caller also makes it one of the
     *              observers, so that it hears of every request); null: none
     */
    public static RouterGateway assemble(RouterConfig config, RoutingStateStore store, KeyStore keyStore,
                                         SpendRollup spend, ForwardSettings forwarding, Clock clock,
                                         RequestObserver observer, SnapshotCacheListener snapshotListener) {
        return assemble(config, store, keyStore, null, spend, forwarding, clock, observer, snapshotListener);
    }

    /** The gateway with every store: API keys, limit counters and spend roll-ups (each may be null: none). */
    public static RouterGateway assemble(RouterConfig config, RoutingStateStore store, KeyStore keyStore,
                                         LimitStore limitStore, SpendRollup spend, ForwardSettings forwarding,
                                         Clock clock, RequestObserver observer,
                                         SnapshotCacheListener snapshotListener) {
        return assemble(config, store, keyStore, limitStore, spend, forwarding, BreakerPolicy.defaults(), clock,
                observer, snapshotListener);
    }

    /** @param breakerPolicy when the targets' circuit breakers open, and for how long */
    public static RouterGateway assemble(RouterConfig config, RoutingStateStore store, KeyStore keyStore,
                                         LimitStore limitStore, SpendRollup spend, ForwardSettings forwarding,
                                         BreakerPolicy breakerPolicy, Clock clock, RequestObserver observer,
                                         SnapshotCacheListener snapshotListener) {
        Router router = new Router(config);
        CircuitBreakers breakers = new CircuitBreakers(store, breakerPolicy, clock, router.evidence());
        SnapshotCache snapshots = new SnapshotCache(store, config.store(), config.router().healthStaleAfter(), clock,
                snapshotListener);
        Limiter limiter = limitStore == null ? null : new Limiter(config.limits(), limitStore, clock);
        if (limiter == null && !config.limits().targets().isEmpty()) {
            LOG.warn("limits.targets is set but this router has no limit store: the targets' rate limits are not enforced");
        }
        Forwarder forwarder = new Forwarder(new Upstreams(clock, Duration.ofSeconds(2)), breakers, forwarding,
                config.router().dropUnsupportedParams(),
                limiter == null ? TargetGate.OPEN : new TargetRateLimits(limiter));
        return new RouterGateway(config, snapshots, router, forwarder, breakers, clock, observer, keyStore, limiter,
                spend);
    }

    /**
     * Runs the request path once, short of the network: a chat request is parsed and validated, its
     * tokens counted, its complexity scored, the routing state loaded (one read) and a decision made,
     * and the request translated and signed for every configured target. Nothing is sent upstream and
     * nothing is written. The first real request then finds classes loaded, the tokenizer's encoding
     * read (the slowest part of a cold start) and clients built. Failures are logged, never thrown: an
     * instance that could not prime still serves.
     */
    public void prime() {
        long started = System.nanoTime();
        try {
            byte[] sample = PRIMING_REQUEST.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ObjectNode body = RequestValidation.chat(sample).request();
            admin.explain(new HttpCall("POST", "/v1/router/explain", Map.of(), sample));
            List<Target> targets = router.catalog().targets();
            for (Target target : targets) {
                forwarder.prepare(target, body);
            }
            LOG.info("primed the request path in {} ms ({} targets)", (System.nanoTime() - started) / 1_000_000, targets.size());
        } catch (RuntimeException e) {
            LOG.warn("priming the request path failed; the first request will pay for it: {}", e.toString());
        }
    }

    /** A small chat completion in OpenAI's format, for {@link #prime()}. */
    static final String PRIMING_REQUEST = "{\"model\":\"auto\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Write a function that adds two numbers, then explain it step by step.\"}],"
            + "\"max_tokens\":16}";

    /**
     * Handles a call and returns the whole answer: a stream's events are collected into its body, within the
     * budget of an answer the client gets whole. For carriers that buffer (the managed Java runtime's {@code handleRequest}, tests).
     */
    public HttpAnswer handle(HttpCall call) {
        RequestTrace trace = new RequestTrace();
        HttpAnswer answer = dispatch(call, trace, null);
        trace.runAfterAnswer();
        observer.observe(trace.outcome(call, answer));
        return answer;
    }

    /**
     * Handles a call and writes the answer to {@code sink} as it is made: a streamed completion's head
     * leaves with its first event, each event as the upstream produces it, and the cost in a closing comment
     * line. Never throws: a client that goes away mid-stream has its upstream request cancelled and is
     * logged as {@code client_disconnected}.
     */
    public void handle(HttpCall call, AnswerSink sink) {
        RequestTrace trace = new RequestTrace();
        HttpAnswer answer = dispatch(call, trace, sink);
        if (trace.streamed() == null) {
            try {
                sink.whole(answer.status(), answer.headers(), answer.body());
            } catch (IOException e) {
                LOG.debug("client went away before its answer was written: {}", e.toString());
            }
        }
        trace.runAfterAnswer();
        observer.observe(trace.outcome(call, answer));
    }

    private HttpAnswer dispatch(HttpCall call, RequestTrace trace, AnswerSink sink) {
        try {
            String path = call.path() == null ? "/" : call.path();
            ApiKey caller = null;
            if (path.startsWith("/v1/") && !path.startsWith("/v1/router/")) {
                Caller authenticated = authenticate(call);
                if (authenticated.refusal() != null) {
                    return authenticated.refusal();
                }
                caller = authenticated.key();
                if (caller != null) {
                    trace.caller(caller);
                }
                if (authenticated.clientKey() != null) {
                    trace.clientKey(authenticated.clientKey());
                }
            }
            if (KeyEndpoints.handles(path)) {
                if (!admin(call)) {
                    return ErrorAnswers.unauthorized("admin key required");
                }
                return keys == null ? ErrorAnswers.unknownUrl("Unknown request URL: " + call.method() + " " + path
                        + " (this router has no key store)") : keys.handle(call, path);
            }
            if (BatchEndpoints.handles(path)) {
                BatchEndpoints served = batches;
                return served == null ? ErrorAnswers.unknownUrl("Unknown request URL: " + call.method() + " " + path
                        + " (this router has no batch store)") : served.handle(call, path, trace.callerScope());
            }
            if (UploadEndpoints.handles(path)) {
                UploadEndpoints served = uploads;
                return served == null ? ErrorAnswers.unknownUrl("Unknown request URL: " + call.method() + " " + path
                        + " (this router has no batch store)") : served.handle(call, path, trace.callerScope());
            }
            HttpAnswer answer = switch (call.method() + " " + path) {
                case "POST /v1/chat/completions" -> completions.chatCompletions(call, trace, sink, caller);
                case "POST /v1/completions" -> completions.completions(call, trace, sink, caller);
                case "GET /v1/models" -> catalog.models();
                case "GET /health" -> catalog.health();
                case "GET /v1/router/state" -> admin(call) ? admin.routerState() : ErrorAnswers.unauthorized("admin key required");
                case "POST /v1/router/explain" -> admin(call) ? admin.explain(call) : ErrorAnswers.unauthorized("admin key required");
                case "GET " + SpendEndpoints.PATH -> admin(call) ? spend.report(call) : ErrorAnswers.unauthorized("admin key required");
                // Client keys, not the admin key: the page's user holds one of those.
                case "GET /playground", "GET /playground/", "POST /v1/router/decision", "GET /v1/router/fleet" ->
                        playground.handle(call, clientKeys);
                default -> ErrorAnswers.unknownUrl("Unknown request URL: " + call.method() + " " + path);
            };
            return withRateHeaders(answer, caller);
        } catch (RoutingStateUnavailableException e) {
            LOG.error("routing state unavailable: {}", e.getMessage());
            return ErrorAnswers.routingStateUnavailable("The router cannot read its routing state: " + e.getMessage());
        } catch (RuntimeException e) {
            // Last guard: a bug must still answer in the API's shape, without a stack trace.
            LOG.error("unexpected failure handling {} {}", call.method(), call.path(), e);
            return ErrorAnswers.routerFailure();
        }
    }

    /**
     * Every answer to a rate-limited key carries its {@code x-ratelimit-*} headers, refusals included; a routed
     * request's come from its own reservation, the others' from what this instance knows of the window.
     */
    private HttpAnswer withRateHeaders(HttpAnswer answer, ApiKey caller) {
        if (limiter == null || caller == null || caller.limits() == null
                || answer.headers().keySet().stream().anyMatch(h -> h.startsWith("x-ratelimit-"))) {
            return answer;
        }
        return answer.withHeaders(limiter.rateHeaders(caller));
    }

    /**
     * Who is calling: a stored key (whose bounds apply), or null (a config key, or an open router); or a refusal.
     *
     * @param clientKey the name of the {@code auth.clientKeys} key presented; null for any other caller
     */
    private record Caller(ApiKey key, HttpAnswer refusal, String clientKey) {
        Caller(ApiKey key, HttpAnswer refusal) {
            this(key, refusal, null);
        }
    }

    /**
     * A key from {@code auth.clientKeys} passes as before, without bounds. Any other Bearer key is looked up
     * among the stored keys (cached, see {@link KeyAuthenticator}). With no client keys configured the API
     * stays open as before: a request without a key, or with one the store does not know, passes, but a
     * stored key that is revoked or expired is refused, and a valid one keeps its bounds. Keys that cannot be
     * read (DynamoDB unreachable, nothing cached) make a 503 when keys are required.
     */
    private Caller authenticate(HttpCall call) {
        // Hashed once, for the configured keys and the stored ones alike.
        byte[] presented = BearerKeys.presented(call.header("authorization")).map(KeySecrets::sha256).orElse(null);
        Optional<String> clientKey = presented == null ? Optional.empty() : clientKeys.matchHash(presented);
        if (clientKey.isPresent()) {
            return new Caller(null, null, clientKey.get());
        }
        if (storedKeys != null && presented != null) {
            KeyCheck check;
            try {
                check = storedKeys.checkHash(presented);
            } catch (RoutingStateUnavailableException unreadable) {
                if (!clientKeys.isEmpty()) {
                    throw unreadable;
                }
                // An open router serves a request whose key it cannot read as it serves one without a key:
                // no more than anyone gets, and clients that send a placeholder key keep working.
                LOG.warn("API keys unreadable, serving the request as the open router does: {}", unreadable.getMessage());
                return new Caller(null, null);
            }
            switch (check) {
                case KeyCheck.Valid valid -> {
                    return new Caller(valid.key(), null);
                }
                case KeyCheck.Revoked revoked -> {
                    return new Caller(null, ErrorAnswers.revokedKey());
                }
                case KeyCheck.Expired expired -> {
                    return new Caller(null, ErrorAnswers.expiredKey(expired.key()));
                }
                case KeyCheck.Unknown unknown -> {
                    // Below: refused like any wrong key, or let through by an open router.
                }
            }
        }
        if (clientKeys.isEmpty()) {
            return new Caller(null, null);
        }
        return new Caller(null, ErrorAnswers.incorrectKey());
    }

    /** Admin endpoints need {@code router.adminKey} as a Bearer token; none configured turns them off. */
    private boolean admin(HttpCall call) {
        return adminKey.match(call.header("authorization")).isPresent();
    }
}
