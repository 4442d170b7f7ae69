package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.cost.PromptTokenCounter;
import io.llmrouter.forward.ClientApi;
import io.llmrouter.forward.ForwardOutcome;
import io.llmrouter.forward.Forwarder;
import io.llmrouter.forward.translate.OpenAiWire;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.limits.Admission;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.routing.complexity.PromptComplexity;
import io.llmrouter.state.RoutingSnapshot;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/chat/completions} and {@code POST /v1/completions}: a validated request is counted
 * (prompt tokens, complexity), routed on the current state, forwarded to the ranked candidates, and
 * answered with the target's answer and the router's headers (target, reason, attempts, cost, savings).
 */
final class CompletionEndpoints {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Router router;
    private final Forwarder forwarder;
    private final RoutingState state;
    private final AnswerPricing pricing;
    private final Clock clock;
    private final KeyBounds bounds;
    /** Null: no response cache (set once, before the first request: {@link RouterGateway#withResponseCache}). */
    private CachedCompletions cached;

    CompletionEndpoints(Router router, Forwarder forwarder, RoutingState state, AnswerPricing pricing, Clock clock,
                        KeyBounds bounds) {
        this.router = router;
        this.forwarder = forwarder;
        this.state = state;
        this.pricing = pricing;
        this.clock = clock;
        this.bounds = bounds;
    }

    void cacheAnswers(CachedCompletions cached) {
        this.cached = cached;
    }

    /**
     * @param sink   where a streamed answer goes as it is generated; null when the client gets every answer whole
     * @param caller the stored API key the request came with, whose models and targets bound it; null: no bounds
     */
    HttpAnswer chatCompletions(HttpCall call, RequestTrace trace, AnswerSink sink, ApiKey caller) {
        RequestValidation.Checked checked = RequestValidation.chat(call);
        if (!checked.ok()) {
            return checked.refusal();
        }
        ObjectNode body = checked.request();
        JsonNode model = body.get("model");
        JsonNode messages = body.get("messages");
        RouteRequest request = chatRouteRequest(model.asText(), messages, maxTokens(body), router.tiersByComplexity());
        return route(ClientApi.CHAT_COMPLETIONS, call, body, request, trace, sink, caller);
    }

    /** The legacy text completion API; llama-server and OpenAI serve it at the same path. */
    HttpAnswer completions(HttpCall call, RequestTrace trace, AnswerSink sink, ApiKey caller) {
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
        return route(ClientApi.LEGACY_COMPLETIONS, call, body, new RouteRequest(model, promptTokens, maxTokens), trace, sink,
                caller);
    }

    /**
     * Routes and forwards; a stream request with a {@code sink} has its answer streamed to it (the returned
     * answer then says what was sent, and {@link RequestTrace#streamed()} is set), any other answer is returned.
     */
    private HttpAnswer route(ClientApi api, HttpCall call, ObjectNode body, RouteRequest request, RequestTrace trace,
                             AnswerSink sink, ApiKey caller) {
        String model = request.requestedModel();
        trace.routing(model);
        if (caller != null && !caller.allowsModel(model)) {
            return KeyBounds.modelNotAllowed(model, trace);
        }
        CachedCompletions.Lookup lookup = cached == null ? CachedCompletions.Lookup.NONE
                : cached.lookup(api, body, call, trace, caller);
        if (lookup.refusal() != null) {
            return lookup.refusal();
        }
        if (lookup.hit() != null) {
            return fromCache(api, body, lookup, trace, caller);
        }
        return routeToTargets(api, body, request, trace, sink, caller, lookup).withHeaders(lookup.headers());
    }

    /**
     * A cache hit asks no target and reserves nothing of a budget (it costs 0), but it is a request: it takes
     * one from its key's requests per minute, and none of its tokens per minute.
     */
    private HttpAnswer fromCache(ClientApi api, ObjectNode body, CachedCompletions.Lookup lookup, RequestTrace trace,
                                 ApiKey caller) {
        Admission admission = bounds.admit(caller, 0, 0);
        if (admission instanceof Admission.Refused refused) {
            return KeyBounds.limited(refused, trace).withHeaders(lookup.headers());
        }
        Admission.Admitted admitted = (Admission.Admitted) admission;
        try {
            return cached.answer(api, body, lookup.hit(), trace).withHeaders(admitted.headers());
        } finally {
            bounds.settle(admitted, 0.0, 0L, true);
        }
    }

    private HttpAnswer routeToTargets(ClientApi api, ObjectNode body, RouteRequest request, RequestTrace trace,
                                      AnswerSink sink, ApiKey caller, CachedCompletions.Lookup lookup) {
        String model = request.requestedModel();
        RoutingSnapshot snapshot = state.current();
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
        List<Candidate> candidates = KeyBounds.allowedTargets(caller, decision.candidates());
        if (candidates.isEmpty() && caller != null && !caller.targets().isEmpty()) {
            return noAllowedCandidate(model, decision, caller, trace);
        }
        Admission admission = bounds.admit(caller, candidates, request);
        if (admission instanceof Admission.Refused refused) {
            return KeyBounds.limited(refused, trace);
        }
        Admission.Admitted admitted = (Admission.Admitted) admission;
        trace.teamBudgetSpent(admitted.teamBudgetSpent());
        if (admitted.economyFirst() != null) {
            candidates = economyFirst(candidates, admitted.economyFirst());
        }
        Settlement settlement = new Settlement();
        try {
            return forward(api, body, candidates, snapshot, decision, model, trace, sink, admitted, settlement, lookup)
                    .withHeaders(admitted.headers());
        } finally {
            bounds.settle(admitted, settlement.dollars, settlement.tokens, settlement.sent);
        }
    }

    /** What an admitted request came to, for its key's and team's limits. */
    private static final class Settlement {
        boolean sent;
        Double dollars;
        Long tokens;
    }

    private HttpAnswer forward(ClientApi api, ObjectNode body, List<Candidate> candidates, RoutingSnapshot snapshot,
                               RoutingDecision decision, String model, RequestTrace trace, AnswerSink sink,
                               Admission.Admitted admitted, Settlement settlement, CachedCompletions.Lookup lookup) {
        Map<String, String> headHeaders = new LinkedHashMap<>(admitted.headers());
        headHeaders.putAll(lookup.headers());
        StreamedAnswer stream = sink != null && OpenAiWire.streamRequested(body)
                ? new StreamedAnswer(sink, headHeaders) : null;
        if (stream != null && lookup.keeps()) {
            stream.record(CachedCompletions.MAX_RECORDED_STREAM);
        }
        ForwardOutcome outcome = forwarder.forward(api, body, candidates, snapshot, stream);
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
        settlement.sent = !(outcome instanceof ForwardOutcome.Refused);
        settlement.dollars = 0.0;
        settlement.tokens = 0L;
        String attempts = outcome.attempts().stream().map(Object::toString).collect(Collectors.joining("; "));
        if (outcome instanceof ForwardOutcome.Answered answered) {
            Double cost = AnswerPricing.actualCost(answered, snapshot);
            Double savings = cost == null ? null : pricing.savings(answered.usage(), cost, snapshot);
            trace.priced(cost, savings);
            settlement.dollars = cost;
            Integer used = answered.usage().totalTokens();
            settlement.tokens = used == null ? null : Long.valueOf(used);
            if (answered.streamed() != null) {
                trace.streamed(answered.streamed());
                HttpAnswer closed = stream.close(cost, savings);
                // After the close: the client has its whole stream before the answer is written to the cache.
                if (cached != null) {
                    cached.keep(lookup, api, body, answered, cost, stream.recorded()).run();
                }
                return closed;
            }
            if (cached != null) {
                // In memory now; a streaming carrier sends the answer before the store's write, so the client
                // does not wait for it.
                trace.afterAnswer(cached.keep(lookup, api, body, answered, cost, null));
            }
            Map<String, String> headers = lowerCased(answered.headers());
            headers.putAll(routerHeaders(answered.candidate(), answered.attempts().size(), answered.droppedParams()));
            HttpAnswer answer = new HttpAnswer(answered.status(), headers, answered.body());
            if (cost != null) {
                answer = answer.withHeader(StreamedAnswer.COST_HEADER, AnswerPricing.usd(cost));
            }
            return savings == null ? answer : answer.withHeader(StreamedAnswer.SAVINGS_HEADER, AnswerPricing.usd(savings));
        }
        if (outcome instanceof ForwardOutcome.Refused refused) {
            return ErrorAnswers.unsupportedByTargets(refused.param(),
                    "No target can take this request: " + refused.message(), outcome.attempts().size());
        }
        return ErrorAnswers.everyTargetFailed("Every target failed: " + attempts, outcome.attempts().size());
    }

    /**
     * The budget's automated action: clusters before providers, each group in the router's order, and the
     * reason saying why.
     */
    static List<Candidate> economyFirst(List<Candidate> candidates, String why) {
        List<Candidate> ordered = new ArrayList<>(candidates.size());
        candidates.stream().filter(c -> c.target().isCluster()).forEach(c -> ordered.add(c.withReason(why + "; " + c.reason())));
        candidates.stream().filter(c -> !c.target().isCluster()).forEach(c -> ordered.add(c.withReason(why + "; " + c.reason())));
        return ordered;
    }

    /**
     * None of the candidates is a target the caller's key may use: when one of its targets serves the model
     * but was turned down (unhealthy, over budget), the model is unavailable to it, as to any caller when
     * every target is down; otherwise the key may not use the model at all.
     */
    private static HttpAnswer noAllowedCandidate(String model, RoutingDecision decision, ApiKey caller,
                                                 RequestTrace trace) {
        List<String> turnedDown = KeyBounds.turnedDownTargets(decision, caller);
        if (!turnedDown.isEmpty()) {
            trace.noTarget(ErrorAnswers.NO_HEALTHY_TARGET);
            return ErrorAnswers.noHealthyTarget("No healthy target can serve `" + model + "`: "
                    + String.join("; ", turnedDown));
        }
        return KeyBounds.targetsNotAllowed(model, trace);
    }

    /**
     * The headers that say which target answered, why it was chosen, how many targets were tried, and which of
     * the client's parameters were left out because that target's API no longer takes them.
     */
    static Map<String, String> routerHeaders(Candidate candidate, int attempts, List<String> droppedParams) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-router-target", candidate.target().name());
        headers.put("x-router-reason", candidate.reason());
        headers.put("x-router-attempts", String.valueOf(attempts));
        if (!droppedParams.isEmpty()) {
            headers.put(DROPPED_PARAMS_HEADER, String.join(", ", droppedParams));
        }
        return headers;
    }

    static final String DROPPED_PARAMS_HEADER = "x-router-dropped-params";

    /** A chat request's output bound: {@code max_completion_tokens}, else {@code max_tokens}; null when it sets none. */
    static Integer maxTokens(ObjectNode body) {
        JsonNode bound = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens")
                : body.path("max_tokens");
        return bound.isInt() ? Integer.valueOf(bound.asInt()) : null;
    }

    static RouteRequest chatRouteRequest(String model, JsonNode messages, Integer maxTokens, boolean analyse) {
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

    private static String reasons(RoutingDecision decision) {
        return decision.rejections().stream()
                .map(r -> r.target().name() + ": " + r.reason())
                .collect(Collectors.joining("; "));
    }

    private static Map<String, String> lowerCased(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        return lower;
    }
}
