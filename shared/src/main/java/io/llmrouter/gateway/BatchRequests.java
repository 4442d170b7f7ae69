package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.batch.BatchPlacement;
import io.llmrouter.batch.ItemExecutor;
import io.llmrouter.batch.ItemResult;
import io.llmrouter.forward.ClientApi;
import io.llmrouter.forward.ForwardOutcome;
import io.llmrouter.forward.Forwarder;
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

/**
 * A batch request on the route function's own path: the same validation, routing decision, forwarding (failover,
 * breakers, wire translation) and pricing as a live {@code POST /v1/chat/completions}, with the candidates narrowed
 * to where {@link BatchPlacement} lets batch requests run. Always answered whole: a batch line's
 * {@code stream} is ignored. Each request sent is told to the gateway's observer as a live one is (request log, spend
 * roll-ups), as {@value #OBSERVED_AS}.
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

    BatchRequests(Router router, Forwarder forwarder, RoutingState state, AnswerPricing pricing, Clock clock,
                  RequestObserver observer) {
        this.router = router;
        this.forwarder = forwarder;
        this.state = state;
        this.pricing = pricing;
        this.clock = clock;
        this.observer = observer;
    }

    @Override
    public RoutingSnapshot routingState() {
        return state.current();
    }

    @Override
    public Outcome run(String body, BatchPlacement.Choice placement) {
        RequestValidation.Checked checked = RequestValidation.chat(body.getBytes(StandardCharsets.UTF_8));
        if (!checked.ok()) {
            return refused(checked.refusal());
        }
        ObjectNode request = checked.request();
        request.remove("stream");
        request.remove("stream_options");
        String model = request.get("model").asText();
        RouteRequest route = CompletionEndpoints.chatRouteRequest(model, request.get("messages"),
                CompletionEndpoints.maxTokens(request), router.tiersByComplexity());
        RoutingSnapshot snapshot = state.current();
        RoutingDecision decision = router.decide(route, snapshot, clock.instant());
        if (decision.outcome() == RoutingDecision.Outcome.UNKNOWN_MODEL) {
            return refused(ErrorAnswers.unknownModel("The model `" + model + "` does not exist or no target serves it."));
        }
        if (decision.outcome() == RoutingDecision.Outcome.NO_HEALTHY_TARGET) {
            return new Outcome.NotPlaced("no healthy target for " + model);
        }
        List<Candidate> candidates = switch (placement) {
            case BatchPlacement.Choice.IdleCluster idle -> decision.candidates().stream()
                    .filter(c -> c.target().name().equals(idle.target()))
                    .map(c -> c.withReason("batch: idle cluster slot; " + c.reason())).toList();
            case BatchPlacement.Choice.Cheapest cheapest -> decision.candidates().stream()
                    .sorted(Comparator.comparing(Candidate::estimatedCost, Comparator.nullsLast(Comparator.naturalOrder())))
                    .map(c -> c.withReason("batch: cheapest before the window ends; " + c.reason())).toList();
        };
        if (candidates.isEmpty()) {
            return new Outcome.NotPlaced("the placement's target is not a candidate now");
        }
        RequestTrace trace = new RequestTrace();
        trace.routing(model);
        ForwardOutcome outcome = forwarder.forward(ClientApi.CHAT_COMPLETIONS, request, candidates, snapshot, null);
        if (!(outcome instanceof ForwardOutcome.HeldBack)) {
            trace.forwarded(outcome);
        }
        return switch (outcome) {
            case ForwardOutcome.Answered answered -> {
                Double cost = AnswerPricing.actualCost(answered, snapshot);
                Double baseline = pricing.baselineCost(answered.usage(), snapshot);
                trace.priced(cost, cost == null || baseline == null ? null : baseline - cost);
                observe(trace, answered.status());
                yield new Outcome.Done(new ItemResult(answered.status(),
                        new String(answered.body(), StandardCharsets.UTF_8), answered.candidate().target().name(),
                        cost == null ? 0 : cost, baseline));
            }
            case ForwardOutcome.HeldBack heldBack -> new Outcome.NotPlaced("held back: " + heldBack.attempts());
            case ForwardOutcome.Refused refusal -> refused(ErrorAnswers.unsupportedByTargets(refusal.param(),
                    "No target can take this request: " + refusal.message(), outcome.attempts().size()));
            case ForwardOutcome.Exhausted exhausted -> {
                observe(trace, 502);
                yield new Outcome.Retry("every target failed: " + exhausted.attempts());
            }
        };
    }

    private void observe(RequestTrace trace, int status) {
        int space = OBSERVED_AS.indexOf(' ');
        HttpCall call = new HttpCall(OBSERVED_AS.substring(0, space), OBSERVED_AS.substring(space + 1), null, null);
        observer.observe(trace.outcome(call, new HttpAnswer(status, java.util.Map.of(), new byte[0])));
    }

    private static Outcome refused(HttpAnswer answer) {
        return new Outcome.Done(new ItemResult(answer.status(), answer.bodyText(), null, 0, null));
    }
}
