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

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The playground, on when {@code router.playground} is: {@code GET /playground} (a page that sends a prompt
 * through {@code /v1/chat/completions} and shows the answer as it streams, the decision, its cost and the
 * fleet), and the two client-key endpoints the page reads. They answer what a client may know: the
 * decision for its request ({@code POST /v1/router/decision}) and each target's health, queue and price
 * ({@code GET /v1/router/fleet}), with no health record, breaker internals, endpoint or secret; the admin
 * endpoints keep the rest.
 */
final class PlaygroundEndpoints {

    static final String PAGE_PATH = "/playground";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The page is self-contained (inline script and style, no CDN): nothing else may load or be sent elsewhere. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private final RouterConfig config;
    private final Router router;
    private final RoutingState state;
    private final Clock clock;
    private final PublicReasons reasons;
    private final byte[] page;

    PlaygroundEndpoints(RouterConfig config, Router router, RoutingState state, Clock clock) {
        this.config = config;
        this.router = router;
        this.state = state;
        this.clock = clock;
        this.reasons = PublicReasons.of(config);
        // Read only when on: a router without the playground pays nothing for it at cold start.
        this.page = config.router().playground() ? readPage() : null;
    }

    boolean enabled() {
        return page != null;
    }

    /**
     * Answers the playground's paths: 404 when it is off, as if they did not exist; the page without a key (it
     * holds none: the user types theirs in); the endpoints with a client key when client keys are configured.
     */
    HttpAnswer handle(HttpCall call, BearerKeys clientKeys) {
        String route = call.method() + " " + call.path();
        if (!enabled()) {
            return ErrorAnswers.unknownUrl("Unknown request URL: " + route + " (the playground is off: router.playground)");
        }
        if (route.equals("GET " + PAGE_PATH) || route.equals("GET " + PAGE_PATH + "/")) {
            return page();
        }
        if (!clientKeys.isEmpty() && clientKeys.match(call.header("authorization")).isEmpty()) {
            return ErrorAnswers.unauthorized("Incorrect API key provided. Send one of the router's client keys "
                    + "as 'Authorization: Bearer <key>'.");
        }
        return switch (route) {
            case "POST /v1/router/decision" -> decision(call);
            case "GET /v1/router/fleet" -> fleet();
            default -> ErrorAnswers.unknownUrl("Unknown request URL: " + route);
        };
    }

    private HttpAnswer page() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/html; charset=utf-8");
        headers.put("cache-control", "no-store");
        headers.put("content-security-policy", CONTENT_SECURITY_POLICY);
        headers.put("x-content-type-options", "nosniff");
        headers.put("referrer-policy", "no-referrer");
        return new HttpAnswer(200, headers, page).answeredByRouter("playground");
    }

    /**
     * The decision a chat request would get now: the chosen target and why, the ranked candidates with the
     * estimated cost of this request on each, the rejected targets with why, and the prompt's complexity when
     * tiering is on. Nothing is sent to a target.
     */
    private HttpAnswer decision(HttpCall call) {
        DecisionInput input = DecisionInput.read(call, router.tiersByComplexity());
        if (input.refusal() != null) {
            return input.refusal();
        }
        RouteRequest request = input.request();
        RoutingDecision decision = router.decide(request, state.current(), clock.instant());
        ObjectNode root = JSON.createObjectNode();
        root.put("model", request.requestedModel());
        root.put("outcome", decision.outcome().name().toLowerCase(Locale.ROOT));
        root.put("promptTokens", request.promptTokens());
        if (decision.candidates().isEmpty()) {
            root.putNull("chosen");
        } else {
            Candidate first = decision.candidates().getFirst();
            root.putObject("chosen").put("target", first.target().name()).put("reason", reasons.redact(first.reason()));
        }
        ArrayNode candidates = root.putArray("candidates");
        for (Candidate c : decision.candidates()) {
            ObjectNode node = candidates.addObject();
            node.put("name", c.target().name());
            node.put("kind", c.target().kind() == Target.Kind.CLUSTER ? "cluster" : "provider");
            node.put("upstreamModel", c.upstreamModel());
            putNullable(node, "estimatedCostUsd", c.estimate() == null ? null : c.estimate().totalCost());
            putNullable(node, "costPer1k", c.costPer1k());
            node.put("reason", reasons.redact(c.reason()));
        }
        ArrayNode rejected = root.putArray("rejected");
        decision.rejections().forEach(r -> rejected.addObject().put("name", r.target().name())
                .put("reason", reasons.redact(r.reason())));
        if (request.complexity() == null) {
            root.putNull("complexity");
        } else {
            ObjectNode complexity = root.putObject("complexity");
            complexity.put("score", request.complexity().score());
            complexity.put("tier", request.complexity().tier(config.router().complexity()).name().toLowerCase(Locale.ROOT));
            ArrayNode signals = complexity.putArray("signals");
            request.complexity().signals().forEach(s -> signals.addObject()
                    .put("name", s.name()).put("points", s.points()).put("evidence", s.evidence()));
        }
        return HttpAnswer.json(200, root.toString()).answeredByRouter("routing decision");
    }

    /** Every target with its health and why, its queue (clusters) and its $/1K, as the router routes on them now. */
    private HttpAnswer fleet() {
        RoutingSnapshot snapshot = state.current();
        Instant now = clock.instant();
        ObjectNode root = JSON.createObjectNode();
        ArrayNode targets = root.putArray("targets");
        for (Target target : router.catalog().targets()) {
            TargetStatus status = TargetStatus.of(target, router, snapshot, now);
            ObjectNode node = targets.addObject();
            node.put("name", target.name());
            node.put("kind", status.kindName());
            node.put("healthy", status.healthy());
            node.put("reason", reasons.redact(status.reason()));
            putNullable(node, "queueDepth", status.queueDepth());
            putNullable(node, "costPer1k", status.costPer1k());
        }
        return HttpAnswer.json(200, root.toString()).answeredByRouter("fleet");
    }

    private static byte[] readPage() {
        try (InputStream in = PlaygroundEndpoints.class.getResourceAsStream("/playground/index.html")) {
            if (in == null) {
                throw new IllegalStateException("playground/index.html is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
