package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.ModelAlias;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.ActualCost;
import io.llmrouter.cost.CostRecord;
import io.llmrouter.cost.PromptTokenCounter;
import io.llmrouter.cost.TokenUsage;
import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.forward.ClientApi;
import io.llmrouter.forward.CircuitBreakers;
import io.llmrouter.forward.ForwardOutcome;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.forward.Forwarder;
import io.llmrouter.forward.Upstreams;
import io.llmrouter.forward.translate.Usage;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.routing.complexity.PromptComplexity;
import io.llmrouter.health.HealthRecord;
import io.llmrouter.routing.BreakerState;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.HealthFreshness;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.routing.RoutingSnapshot;
import io.llmrouter.routing.Target;
import io.llmrouter.store.RoutingStateUnavailableException;
import io.llmrouter.store.RoutingStateStore;
import io.llmrouter.store.SnapshotCache;
import io.llmrouter.store.SnapshotCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The router's HTTP API, independent of what carries the calls: {@code /v1/chat/completions},
 * {@code /v1/models}, {@code /health}, and the admin endpoints {@code /v1/router/state} and
 * {@code /v1/router/explain}. Every failure is an answer in OpenAI's error shape, never an exception.
 */
public final class RouterGateway {

    private static final Logger LOG = LoggerFactory.getLogger(RouterGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouterConfig config;
    private final SnapshotCache snapshots;
    private final Router router;
    private final Forwarder forwarder;
    private final CircuitBreakers breakers;
    private final Clock clock;
    private final BearerKeys clientKeys;
    private final BearerKeys adminKey;
    private final RequestObserver observer;

    public RouterGateway(RouterConfig config, SnapshotCache snapshots, Router router, Forwarder forwarder,
                         CircuitBreakers breakers, Clock clock) {
        this(config, snapshots, router, forwarder, breakers, clock, RequestObserver.NONE);
    }

    /** @param observer told about every request once its answer is ready (metrics, request log) */
    public RouterGateway(RouterConfig config, SnapshotCache snapshots, Router router, Forwarder forwarder,
                         CircuitBreakers breakers, Clock clock, RequestObserver observer) {
        this.config = config;
        this.snapshots = snapshots;
        this.router = router;
        this.forwarder = forwarder;
        this.breakers = breakers;
        this.clock = clock;
        this.clientKeys = BearerKeys.of(config.clientKeys());
        this.adminKey = BearerKeys.single("admin", config.router().adminKey());
        this.observer = observer;
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
        Router router = new Router(config);
        CircuitBreakers breakers = new CircuitBreakers(store, BreakerPolicy.defaults(), clock, router.evidence());
        SnapshotCache snapshots = new SnapshotCache(store, config.store(), config.router().healthStaleAfter(), clock,
                snapshotListener);
        Forwarder forwarder = new Forwarder(new Upstreams(clock, Duration.ofSeconds(2)), breakers, forwarding);
        return new RouterGateway(config, snapshots, router, forwarder, breakers, clock, observer);
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
            explain(new HttpCall("POST", "/v1/router/explain", Map.of(), sample));
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

    public HttpAnswer handle(HttpCall call) {
        RequestTrace trace = new RequestTrace();
        HttpAnswer answer = dispatch(call, trace);
        observer.observe(trace.outcome(call, answer));
        return answer;
    }

    private HttpAnswer dispatch(HttpCall call, RequestTrace trace) {
        try {
            String path = call.path() == null ? "/" : call.path();
            if (path.startsWith("/v1/") && !path.startsWith("/v1/router/") && !clientKeys.isEmpty()
                    && clientKeys.match(call.header("authorization")).isEmpty()) {
                // Like OpenAI: the presented key is never echoed back.
                return ErrorAnswers.unauthorized("Incorrect API key provided. Send one of the router's client keys "
                        + "as 'Authorization: Bearer <key>'.");
            }
            return switch (call.method() + " " + path) {
                case "POST /v1/chat/completions" -> chatCompletions(call, trace);
                case "POST /v1/completions" -> completions(call, trace);
                case "GET /v1/models" -> models();
                case "GET /health" -> health();
                case "GET /v1/router/state" -> admin(call) ? state() : ErrorAnswers.unauthorized("admin key required");
                case "POST /v1/router/explain" -> admin(call) ? explain(call) : ErrorAnswers.unauthorized("admin key required");
                default -> ErrorAnswers.unknownUrl("Unknown request URL: " + call.method() + " " + path);
            };
        } catch (RoutingStateUnavailableException e) {
            LOG.error("routing state unavailable: {}", e.getMessage());
            return ErrorAnswers.routingStateUnavailable("The router cannot read its routing state: " + e.getMessage());
        } catch (RuntimeException e) {
            // Last guard: a bug must still answer in the API's shape, without a stack trace.
            LOG.error("unexpected failure handling {} {}", call.method(), call.path(), e);
            return ErrorAnswers.routerFailure();
        }
    }

    private HttpAnswer chatCompletions(HttpCall call, RequestTrace trace) {
        RequestValidation.Checked checked = RequestValidation.chat(call);
        if (!checked.ok()) {
            return checked.refusal();
        }
        ObjectNode body = checked.request();
        JsonNode model = body.get("model");
        JsonNode messages = body.get("messages");
        JsonNode maxTokensNode = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens")
                : body.path("max_tokens");
        Integer maxTokens = maxTokensNode.isInt() ? Integer.valueOf(maxTokensNode.asInt()) : null;
        RouteRequest request = chatRouteRequest(model.asText(), messages, maxTokens, router.tiersByComplexity());
        return route(ClientApi.CHAT_COMPLETIONS, body, request, trace);
    }

    /** The legacy text completion API; llama-server and OpenAI serve it at the same path. */
    private HttpAnswer completions(HttpCall call, RequestTrace trace) {
        RequestValidation.Checked checked = RequestValidation.completion(call);
        if (!checked.ok()) {
            return checked.refusal();
        }
        ObjectNode body = checked.request();
        String model = body.get("model").asText();
        PromptTokenCounter counter = PromptTokenCounter.forModel(model);
        int promptTokens = 0;
        for (JsonNode prompt : body.get("prompt").isArray() ? body.get("prompt") : JSON.createArrayNode().add(body.get("prompt"))) {
            promptTokens += counter.countText(prompt.asText());
        }
        Integer maxTokens = body.path("max_tokens").isInt() ? Integer.valueOf(body.path("max_tokens").asInt()) : null;
        return route(ClientApi.LEGACY_COMPLETIONS, body, new RouteRequest(model, promptTokens, maxTokens), trace);
    }

    private HttpAnswer route(ClientApi api, ObjectNode body, RouteRequest request, RequestTrace trace) {
        String model = request.requestedModel();
        trace.routing(model);
        RoutingSnapshot snapshot = withLocalBreakers(snapshots.current());
        RoutingDecision decision = router.decide(request, snapshot, clock.instant());
        switch (decision.outcome()) {
            case UNKNOWN_MODEL:
                trace.noTarget(ErrorAnswers.UNKNOWN_MODEL);
                return ErrorAnswers.unknownModel("The model `" + model + "` does not exist or no target serves it.");
            case NO_HEALTHY_TARGET:
                trace.noTarget(ErrorAnswers.NO_HEALTHY_TARGET);
                return ErrorAnswers.noHealthyTarget("No healthy target can serve `" + model + "`: " + reasons(decision));
            default:
                break;
        }
        ForwardOutcome outcome = forwarder.forward(api, body, decision.candidates(), snapshot);
        if (outcome instanceof ForwardOutcome.HeldBack heldBack) {
            // Another request claimed the trial between this decision and the send: the same answer as
            // when the router already knew, with the same reasons.
            trace.noTarget(ErrorAnswers.NO_HEALTHY_TARGET);
            String held = heldBack.attempts().stream().map(a -> a.target() + ": " + a.outcome())
                    .collect(Collectors.joining("; "));
            String rejected = reasons(decision);
            return ErrorAnswers.noHealthyTarget("No healthy target can serve `" + model + "`: "
                    + (rejected.isEmpty() ? held : rejected + "; " + held));
        }
        trace.forwarded(outcome);
        String attempts = outcome.attempts().stream().map(Object::toString).collect(Collectors.joining("; "));
        if (outcome instanceof ForwardOutcome.Answered answered) {
            HttpAnswer answer = new HttpAnswer(answered.status(), lowerCased(answered.headers()), answered.body())
                    .withHeader("x-router-target", answered.candidate().target().name())
                    .withHeader("x-router-reason", answered.candidate().reason())
                    .withHeader("x-router-attempts", String.valueOf(answered.attempts().size()));
            Double cost = actualCost(answered, snapshot);
            Double savings = cost == null ? null : savings(answered.usage(), cost, snapshot);
            trace.priced(cost, savings);
            if (cost != null) {
                answer = answer.withHeader("x-router-cost-usd", usd(cost));
            }
            return savings == null ? answer : answer.withHeader("x-router-savings-usd", usd(savings));
        }
        if (outcome instanceof ForwardOutcome.Refused refused) {
            return ErrorAnswers.unsupportedByTargets(refused.param(),
                    "No target can take this request: " + refused.message(), outcome.attempts().size());
        }
        return ErrorAnswers.everyTargetFailed("Every target failed: " + attempts, outcome.attempts().size());
    }

    private static RouteRequest chatRouteRequest(String model, JsonNode messages, Integer maxTokens, boolean analyse) {
        int tokens = promptTokens(model, messages);
        return new RouteRequest(model, tokens, maxTokens,
                analyse ? PromptComplexity.analyze(lastUserText(messages), tokens) : null);
    }

    /** What the user asked last: the text of the last user message (text parts joined). */
    private static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            if ("user".equals(message.path("role").asText())) {
                return textOf(message.path("content"));
            }
        }
        return "";
    }

    private static String textOf(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder parts = new StringBuilder();
        if (content.isArray()) {
            content.forEach(part -> parts.append(part.path("text").asText("")).append('\n'));
        }
        return parts.toString();
    }

    private static int promptTokens(String model, JsonNode messages) {
        List<PromptTokenCounter.Message> list = new ArrayList<>();
        for (JsonNode message : messages) {
            JsonNode content = message.path("content");
            String text = textOf(content);
            list.add(new PromptTokenCounter.Message(message.path("role").asText("user"),
                    message.path("name").isTextual() ? message.path("name").asText() : null, text));
        }
        return PromptTokenCounter.forModel(model).countMessages(list);
    }

    /** The request's cost from the usage the upstream reported and the target's cost record; null when unknown. */
    private static Double actualCost(ForwardOutcome.Answered answered, RoutingSnapshot snapshot) {
        Candidate candidate = answered.candidate();
        return snapshot.costOf(candidate.target().name(), candidate.upstreamModel())
                .map(record -> costAt(record, answered.usage()))
                .orElse(null);
    }

    /**
     * What the request would have cost at {@code router.savingsBaseline}, minus what it cost: negative when
     * the chosen target was dearer. Null without a baseline or its cost record.
     */
    private Double savings(Usage usage, double actual, RoutingSnapshot snapshot) {
        ModelAlias.AliasTarget baseline = config.router().savingsBaseline();
        if (baseline == null) {
            return null;
        }
        return snapshot.costOf(baseline.target(), baseline.model())
                .map(record -> costAt(record, usage))
                .map(atBaseline -> atBaseline - actual)
                .orElse(null);
    }

    private static Double costAt(CostRecord record, Usage usage) {
        if (usage.promptTokens() == null || usage.completionTokens() == null) {
            return null;
        }
        try {
            TokenUsage tokens = new TokenUsage(usage.promptTokens(), usage.completionTokens(), usage.cachedTokens());
            return ActualCost.of(tokens, record).totalCost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String usd(double value) {
        return String.format(Locale.ROOT, "%.8f", value);
    }

    private static String reasons(RoutingDecision decision) {
        return decision.rejections().stream()
                .map(r -> r.target().name() + ": " + r.reason())
                .collect(Collectors.joining("; "));
    }

    private HttpAnswer models() {
        RoutingSnapshot snapshot = snapshots.current();
        TreeSet<String> ids = new TreeSet<>();
        ids.add(RouterConfig.AUTO_MODEL);
        ids.addAll(config.modelAliases().keySet());
        config.clusters().forEach(c -> ids.addAll(c.models()));
        config.enabledProviders().forEach(p -> {
            ids.addAll(p.models());
            if (p.defaultModel() != null) {
                ids.add(p.defaultModel());
            }
        });
        for (ClusterConfig cluster : config.clusters()) {
            if (cluster.models().isEmpty()) {
                snapshot.healthOf(cluster.name()).ifPresent(h -> ids.addAll(h.servedModels()));
            }
        }
        config.enabledProviders().stream().filter(p -> p.models().isEmpty()).forEach(p ->
                snapshot.costs().keySet().stream().filter(k -> k.target().equals(p.name())
                        && !CostRecord.ANY_MODEL.equals(k.model())).forEach(k -> ids.add(k.model())));
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String id : ids) {
            data.addObject().put("id", id).put("object", "model").put("created", 0).put("owned_by", "llm-router");
        }
        return HttpAnswer.json(200, root.toString()).answeredByRouter("model list");
    }

    private HttpAnswer health() {
        RoutingSnapshot snapshot = snapshots.current();
        Instant now = clock.instant();
        long healthyClusters = config.clusters().stream()
                .map(c -> snapshot.healthOf(c.name()).orElse(null))
                .filter(h -> h != null && h.up() && h.observedAt() != null
                        && router.freshness().judge(h.target(), h, snapshot.loadedAt(), now).admitted())
                .count();
        long healthyProviders = config.enabledProviders().stream()
                .filter(p -> snapshot.breakerOf(p.name()).map(b -> b.admits(now)).orElse(true))
                .count();
        ObjectNode root = JSON.createObjectNode();
        root.put("status", healthyClusters + healthyProviders > 0 ? "ok" : "unavailable");
        root.put("healthy_clusters", healthyClusters);
        root.put("total_clusters", config.clusters().size());
        root.put("healthy_providers", healthyProviders);
        root.put("total_providers", config.enabledProviders().size());
        root.put("timestamp", now.toString());
        return HttpAnswer.json(healthyClusters + healthyProviders > 0 ? 200 : 503, root.toString())
                .answeredByRouter("health summary");
    }

    private HttpAnswer state() {
        RoutingSnapshot snapshot = withLocalBreakers(snapshots.current());
        Instant now = clock.instant();
        ObjectNode root = JSON.createObjectNode();
        root.put("snapshotAgeSeconds", Duration.between(snapshot.loadedAt(), now).toSeconds());
        ArrayNode targets = root.putArray("targets");
        for (Target target : router.catalog().targets()) {
            ObjectNode node = targets.addObject();
            node.put("name", target.name());
            node.put("kind", target.kind() == Target.Kind.CLUSTER ? "cluster" : "provider");
            HealthRecord health = snapshot.healthOf(target.name()).orElse(null);
            CostRecord cost = snapshot.costOf(target.name(), defaultModelOf(target)).orElse(null);
            BreakerState breaker = snapshot.breakerOf(target.name()).orElse(null);
            boolean breakerAdmits = breaker == null || breaker.admits(now);
            String breakerNote = breakerNote(breaker, now);
            if (target.kind() == Target.Kind.CLUSTER) {
                HealthFreshness.Verdict fresh = health == null || health.observedAt() == null ? null
                        : router.freshness().judge(target.name(), health, snapshot.loadedAt(), now);
                node.put("healthy", fresh != null && fresh.admitted() && health.up() && breakerAdmits);
                String reason = health == null ? "no health record"
                        : fresh == null || fresh.note() == null ? health.reason() : health.reason() + "; " + fresh.note();
                node.put("reason", breakerNote == null ? reason : reason + "; " + breakerNote);
                putNullable(node, "tokensPerSecond", health == null ? null : health.generationTokensPerSecond());
                putNullable(node, "queueDepth", health == null || health.requestsDeferred() == null ? null
                        : health.requestsDeferred().doubleValue());
            } else {
                node.put("healthy", breakerAdmits);
                node.put("reason", breakerNote == null ? "ok" : breakerNote);
                node.putNull("tokensPerSecond");
                node.putNull("queueDepth");
            }
            putNullable(node, "costPer1k", cost == null ? null : cost.costPer1k());
            node.put("breaker", BreakerPolicy.effectivePosition(breaker, now).wireName());
            Instant observed = health != null ? health.observedAt() : cost != null ? cost.observedAt() : null;
            if (observed == null) {
                node.putNull("ageSeconds");
            } else {
                node.put("ageSeconds", Duration.between(observed, now).toSeconds());
            }
        }
        return HttpAnswer.json(200, root.toString()).answeredByRouter("routing state");
    }

    private HttpAnswer explain(HttpCall call) {
        HttpAnswer unreadable = RequestValidation.unreadableBody(call);
        if (unreadable != null) {
            return unreadable;
        }
        JsonNode body;
        try {
            body = JSON.readTree(call.body());
        } catch (IOException e) {
            return ErrorAnswers.invalidRequest("We could not parse the JSON body of your request.");
        }
        if (body == null || !body.isObject() || !body.path("model").isTextual() || !body.path("messages").isArray()) {
            return ErrorAnswers.invalidRequest("Explain takes a chat completion request body (model, messages).");
        }
        String model = body.path("model").asText();
        Integer maxTokens = body.path("max_tokens").isInt() && body.path("max_tokens").asInt() > 0
                ? Integer.valueOf(body.path("max_tokens").asInt()) : null;
        // The analysis is shown whether or not tiering is on, to help choose its thresholds.
        RouteRequest request = chatRouteRequest(model, body.path("messages"), maxTokens, true);
        RoutingDecision decision = router.decide(request, withLocalBreakers(snapshots.current()), clock.instant());
        ObjectNode root = JSON.createObjectNode();
        root.put("outcome", decision.outcome().name().toLowerCase(Locale.ROOT));
        root.put("promptTokens", request.promptTokens());
        ObjectNode complexity = root.putObject("complexity");
        complexity.put("score", request.complexity().score());
        complexity.put("tier", request.complexity().tier(config.router().complexity()).name().toLowerCase(Locale.ROOT));
        complexity.put("tieringEnabled", router.tiersByComplexity());
        ArrayNode signals = complexity.putArray("signals");
        request.complexity().signals().forEach(s -> signals.addObject()
                .put("name", s.name()).put("points", s.points()).put("evidence", s.evidence()));
        ArrayNode candidates = root.putArray("candidates");
        for (Candidate c : decision.candidates()) {
            ObjectNode node = candidates.addObject();
            node.put("target", c.target().name());
            node.put("model", c.upstreamModel());
            putNullable(node, "estimatedCostUsd", c.estimate() == null ? null : c.estimate().totalCost());
            putNullable(node, "costPer1k", c.costPer1k());
            node.put("reason", c.reason());
        }
        ArrayNode rejected = root.putArray("rejected");
        decision.rejections().forEach(r -> rejected.addObject().put("target", r.target().name()).put("reason", r.reason()));
        return HttpAnswer.json(200, root.toString()).answeredByRouter("routing explanation");
    }

    /**
     * What the breaker means for the target now, in the router's words: why it keeps requests out (open,
     * or a trial under way), or that a trial is due, which the next request claims; null when closed.
     */
    private static String breakerNote(BreakerState breaker, Instant now) {
        if (breaker == null || breaker.state() == BreakerState.Position.CLOSED) {
            return null;
        }
        String refusal = breaker.refusal(now);
        return refusal != null ? refusal : BreakerState.TRIAL_DUE;
    }

    /** Admin endpoints need {@code router.adminKey} as a Bearer token; none configured turns them off. */
    private boolean admin(HttpCall call) {
        return adminKey.match(call.header("authorization")).isPresent();
    }

    private RoutingSnapshot withLocalBreakers(RoutingSnapshot snapshot) {
        Map<String, BreakerState> mine = breakers.seenByThisInstance();
        if (mine.isEmpty()) {
            return snapshot;
        }
        Map<String, BreakerState> merged = new HashMap<>(snapshot.breakers());
        mine.forEach((target, state) -> merged.merge(target, state,
                (stored, local) -> local.version() >= stored.version() ? local : stored));
        return new RoutingSnapshot(snapshot.health(), snapshot.costs(), merged, snapshot.loadedAt());
    }

    private static String defaultModelOf(Target target) {
        return target.kind() == Target.Kind.PROVIDER ? target.provider().defaultModel() : CostRecord.ANY_MODEL;
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static Map<String, String> lowerCased(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }
}
