package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.routing.Target;
import io.llmrouter.state.RoutingSnapshot;

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
            TargetStatus status = TargetStatus.of(target, router, snapshot, now);
            ObjectNode node = targets.addObject();
            node.put("name", target.name());
            node.put("kind", status.kindName());
            node.put("healthy", status.healthy());
            node.put("reason", status.reason());
            putNullable(node, "tokensPerSecond", status.tokensPerSecond());
            putNullable(node, "queueDepth", status.queueDepth());
            putNullable(node, "costPer1k", status.costPer1k());
            node.put("breaker", status.breakerPosition());
            if (status.observedAt() == null) {
                node.putNull("ageSeconds");
            } else {
                node.put("ageSeconds", Duration.between(status.observedAt(), now).toSeconds());
            }
        }
        return HttpAnswer.json(200, root.toString()).answeredByRouter("routing state");
    }

    HttpAnswer explain(HttpCall call) {
        // The analysis is shown whether or not tiering is on, to help choose its thresholds.
        DecisionInput input = DecisionInput.read(call, true);
        if (input.refusal() != null) {
            return input.refusal();
        }
        RouteRequest request = input.request();
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

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
