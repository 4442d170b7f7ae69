package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.HealthFreshness;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.routing.Target;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * The admin endpoints, behind {@code router.adminKey}: {@code GET /v1/router/state} (every target's
 * health, price and breaker as this instance sees them) and {@code POST /v1/router/explain} (the
 * decision a chat request would get, with every candidate's reason and every rejection's).
 */
final class AdminEndpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouterConfig config;
    private final Router router;
    private final RoutingState state;
    private final Clock clock;

    AdminEndpoints(RouterConfig config, Router router, RoutingState state, Clock clock) {
        this.config = config;
        this.router = router;
        this.state = state;
        this.clock = clock;
    }

    HttpAnswer routerState() {
        RoutingSnapshot snapshot = state.current();
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

    HttpAnswer explain(HttpCall call) {
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
        RouteRequest request = CompletionEndpoints.chatRouteRequest(model, body.path("messages"), maxTokens, true);
        RoutingDecision decision = router.decide(request, state.current(), clock.instant());
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
}
