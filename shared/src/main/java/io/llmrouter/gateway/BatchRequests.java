package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.batch.BatchPlacement;
import io.llmrouter.batch.ItemExecutor;
import io.llmrouter.batch.ItemResult;
import io.llmrouter.forward.ClientApi;
import io.llmrouter.forward.ForwardOutcome;
import io.llmrouter.forward.Forwarder;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.keys.KeyAuthenticator;
import io.llmrouter.keys.KeyCheck;
import io.llmrouter.limits.Admission;
import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.state.RoutingSnapshot;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A batch request on the route function's own path: the same validation, routing decision, forwarding (failover,
 * breakers, wire translation) and pricing as a live {@code POST /v1/chat/completions}, with the candidates narrowed
 * to where {@link BatchPlacement} lets batch requests run. Always answered whole: a batch line's
 * {@code stream} is ignored. Each request sent is told to the gateway's observer as a live one is (request log, spend
 * roll-ups), as {@value #OBSERVED_AS}.
 *
 * <p>A batch made with a stored API key runs within that key's bounds ({@link KeyBounds}), read again for each
 * request: a key revoked or expired since, or a model it may not use, is the request's answer as it would be live;
 * its targets narrow the candidates; and each request is admitted by its key's and team's budgets and rate limits,
 * settled with what it cost, and counted in their spend. A request a limit holds back is not answered: it waits for
 * a later pass (see {@link ItemExecutor.Outcome.NotPlaced}).
 */
final class BatchRequests implements ItemExecutor {

    /** The request line batch requests are observed under: they are chat completions, sent by the batch runner. */
    static final String OBSERVED_AS = "POST /v1/chat/completions";

    private final Router router;
    private final Forwarder forwarder;
    private final RoutingState state;
    private final AnswerPricing pricing;
    private final Clock clock;
    private final RequestObserver observer;
    /** Null without a key store: a batch made by a stored key then waits, as its bounds cannot be read. */
    private final KeyAuthenticator storedKeys;
    private final KeyBounds bounds;

    BatchRequests(Router router, Forwarder forwarder, RoutingState state, AnswerPricing pricing, Clock clock,
                  RequestObserver observer, KeyAuthenticator storedKeys, KeyBounds bounds) {
        this.router = router;
        this.forwarder = forwarder;
        this.state = state;
        this.pricing = pricing;
        this.clock = clock;
        this.observer = observer;
        this.storedKeys = storedKeys;
        this.bounds = bounds;
    }

    @Override
    public RoutingSnapshot routingState() {
        return state.current();
    }

    @Override
    public Outcome run(String caller, String body, BatchPlacement.Choice placement) {
        RequestTrace trace = new RequestTrace();
        Caller key = caller(caller, trace);
        if (key.refusal() != null) {
            return key.refusal();
        }
        RequestValidation.Checked checked = RequestValidation.chat(body.getBytes(StandardCharsets.UTF_8));
        if (!checked.ok()) {
            return refused(checked.refusal(), trace);
        }
        ObjectNode request = checked.request();
        request.remove("stream");
        request.remove("stream_options");
        String model = request.get("model").asText();
        trace.routing(model);
        if (key.key() != null) {
            trace.caller(key.key());
            if (!key.key().allowsModel(model)) {
                return refused(KeyBounds.modelNotAllowed(model, trace), trace);
            }
        }
        RouteRequest route = CompletionEndpoints.chatRouteRequest(model, request.get("messages"),
                CompletionEndpoints.maxTokens(request), router.tiersByComplexity());
        RoutingSnapshot snapshot = state.current();
        RoutingDecision decision = router.decide(route, snapshot, clock.instant());
        if (decision.outcome() == RoutingDecision.Outcome.UNKNOWN_MODEL) {
            return refused(ErrorAnswers.unknownModel("The model `" + model + "` does not exist or no target serves it."),
                    trace);
        }
        if (decision.outcome() == RoutingDecision.Outcome.NO_HEALTHY_TARGET) {
            return new Outcome.NotPlaced("no healthy target for " + model);
        }
        List<Candidate> allowed = KeyBounds.allowedTargets(key.key(), decision.candidates());
        if (allowed.isEmpty() && key.key() != null) {
            // As live: the key's targets only turned down for now wait like any unhealthy target; none at all is
            // the request's answer.
            return KeyBounds.turnedDownTargets(decision, key.key()).isEmpty()
                    ? refused(KeyBounds.targetsNotAllowed(model, trace), trace)
                    : new Outcome.NotPlaced("none of the key's targets can serve " + model + " now");
        }
        List<Candidate> candidates = placed(allowed, placement);
        if (candidates.isEmpty()) {
            return new Outcome.NotPlaced("the placement's target is not a candidate now");
        }
        Admission admission = bounds.admit(key.key(), candidates, route);
        if (admission instanceof Admission.Refused limited) {
            return new Outcome.NotPlaced("held back by its key's limits: " + limited.message());
        }
        Admission.Admitted admitted = (Admission.Admitted) admission;
        trace.teamBudgetSpent(admitted.teamBudgetSpent());
        if (admitted.economyFirst() != null) {
            candidates = CompletionEndpoints.economyFirst(candidates, admitted.economyFirst());
        }
        return send(request, candidates, snapshot, trace, admitted);
    }

    /** The batch's key, read again now; or the item's outcome when its key may no longer send it. */
    private record Caller(ApiKey key, Outcome refusal) {
    }

    private Caller caller(String scope, RequestTrace trace) {
        String keyId = RequestTrace.keyIdOf(scope);
        if (keyId == null) {
            return new Caller(null, null);
        }
        if (storedKeys == null) {
            return new Caller(null, new Outcome.NotPlaced("this router has no key store to read key " + keyId + " from"));
        }
        KeyCheck check;
        try {
            check = storedKeys.checkId(keyId);
        } catch (RuntimeException unreadable) {
            // Not the request's fault: it waits for a pass that can read the key.
            return new Caller(null, new Outcome.NotPlaced("key " + keyId + " unreadable: " + unreadable.getMessage()));
        }
        return switch (check) {
            case KeyCheck.Valid valid -> new Caller(valid.key(), null);
            case KeyCheck.Revoked revoked -> new Caller(null, refused(ErrorAnswers.revokedKey(), trace));
            case KeyCheck.Expired expired -> new Caller(null, refused(ErrorAnswers.expiredKey(expired.key()), trace));
            case KeyCheck.Unknown unknown -> new Caller(null, refused(ErrorAnswers.incorrectKey(), trace));
        };
    }

    private static List<Candidate> placed(List<Candidate> candidates, BatchPlacement.Choice placement) {
        return switch (placement) {
            case BatchPlacement.Choice.IdleCluster idle -> candidates.stream()
                    .filter(c -> c.target().name().equals(idle.target()))
                    .map(c -> c.withReason("batch: idle cluster slot; " + c.reason())).toList();
            case BatchPlacement.Choice.Cheapest cheapest -> candidates.stream()
                    .sorted(Comparator.comparing(Candidate::estimatedCost, Comparator.nullsLast(Comparator.naturalOrder())))
                    .map(c -> c.withReason("batch: cheapest before the window ends; " + c.reason())).toList();
        };
    }

    /** Forwards an admitted request and settles its key's limits with what it came to. */
    private Outcome send(ObjectNode request, List<Candidate> candidates, RoutingSnapshot snapshot, RequestTrace trace,
                         Admission.Admitted admitted) {
        boolean sent = false;
        Double dollars = 0.0;
        Long tokens = 0L;
        try {
            ForwardOutcome outcome = forwarder.forward(ClientApi.CHAT_COMPLETIONS, request, candidates, snapshot, null);
            if (!(outcome instanceof ForwardOutcome.HeldBack)) {
                trace.forwarded(outcome);
            }
            sent = !(outcome instanceof ForwardOutcome.HeldBack || outcome instanceof ForwardOutcome.Refused);
            return switch (outcome) {
                case ForwardOutcome.Answered answered -> {
                    Double cost = AnswerPricing.actualCost(answered, snapshot);
                    Double baseline = pricing.baselineCost(answered.usage(), snapshot);
                    trace.priced(cost, cost == null || baseline == null ? null : baseline - cost);
                    observe(trace, answered.status());
                    dollars = cost;
                    Integer used = answered.usage().totalTokens();
                    tokens = used == null ? null : Long.valueOf(used);
                    yield new Outcome.Done(new ItemResult(answered.status(),
                            new String(answered.body(), StandardCharsets.UTF_8), answered.candidate().target().name(),
                            cost == null ? 0 : cost, baseline));
                }
                case ForwardOutcome.HeldBack heldBack -> new Outcome.NotPlaced("held back: " + heldBack.attempts());
                case ForwardOutcome.Refused refusal -> refused(ErrorAnswers.unsupportedByTargets(refusal.param(),
                        "No target can take this request: " + refusal.message(), outcome.attempts().size()), trace);
                case ForwardOutcome.Exhausted exhausted -> {
                    observe(trace, 502);
                    yield new Outcome.Retry("every target failed: " + exhausted.attempts());
                }
            };
        } finally {
            bounds.settle(admitted, dollars, tokens, sent);
        }
    }

    private void observe(RequestTrace trace, int status) {
        int space = OBSERVED_AS.indexOf(' ');
        HttpCall call = new HttpCall(OBSERVED_AS.substring(0, space), OBSERVED_AS.substring(space + 1), null, null);
        observer.observe(trace.outcome(call, new HttpAnswer(status, Map.of(), new byte[0])));
    }

    /**
     * The request path's answer is the item's answer. Told to the observer as a live refusal is (request log, spend
     * roll-ups, a client error in the metrics), so that what a batch was refused shows where a live request's does.
     */
    private Outcome refused(HttpAnswer answer, RequestTrace trace) {
        observe(trace, answer.status());
        return new Outcome.Done(new ItemResult(answer.status(), answer.bodyText(), null, 0, null));
    }
}
