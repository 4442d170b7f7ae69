package io.llmrouter.forward;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.translate.CompletionAsStream;
import io.llmrouter.forward.translate.OpenAiToOpenAi;
import io.llmrouter.forward.translate.OpenAiWire;
import io.llmrouter.forward.translate.ProviderTranslator;
import io.llmrouter.forward.translate.RequestTranslationException;
import io.llmrouter.forward.translate.TranslatedResponse;
import io.llmrouter.forward.translate.UpstreamFormatException;
import io.llmrouter.forward.translate.UpstreamRequest;
import io.llmrouter.forward.translate.Usage;
import io.llmrouter.routing.Candidate;
import io.llmrouter.routing.LiveEvidence;
import io.llmrouter.routing.Target;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.RoutingSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a request to the ranked candidates in turn until one answers, each in its own wire format.
 *
 * <p>A candidate is given up on when it refuses the connection, sends no response headers within
 * {@link ForwardSettings#headersTimeout()}, answers 429 or 5xx, answers 2xx with a body that is not its
 * documented format, or fails a stream before its first event; each such failure is recorded to its
 * circuit breaker. A 4xx is the client's own mistake and is returned (in OpenAI's error shape) without
 * failover. A candidate whose wire format cannot express the request (a feature the provider lacks) is
 * skipped without touching its breaker. All attempts together stay within
 * {@link ForwardSettings#totalBudget()}.
 *
 * <p>A candidate whose breaker is due a trial is sent only if this request wins the trial's claim
 * ({@link CircuitBreakers#admit}); otherwise it is held back, with nothing sent, like a target the router
 * rejected, and costs none of the request's attempts. When every candidate is held back, the outcome is
 * {@link ForwardOutcome.HeldBack}. A candidate whose target is at its own rate limit ({@link TargetGate}) is
 * held back the same way, before its breaker is asked.
 */
public final class Forwarder {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
    private static final Map<String, String> JSON_TYPE = Map.of("Content-Type", "application/json");
    private static final Map<String, String> SSE_TYPE = Map.of("Content-Type", "text/event-stream");

    private final Upstreams upstreams;
    private final CircuitBreakers breakers;
    private final ForwardSettings settings;
    private final boolean dropUnsupportedParams;
    private final TargetGate gate;

    /** A forwarder that drops the parameters a provider no longer takes ({@code router.dropUnsupportedParams}). */
    public Forwarder(Upstreams upstreams, CircuitBreakers breakers, ForwardSettings settings) {
        this(upstreams, breakers, settings, true);
    }

    /**
     * @param dropUnsupportedParams {@code router.dropUnsupportedParams}: whether a candidate whose API no longer
     *                              takes a parameter of the request gets the request without it (true), or is
     *                              skipped as unable to take the request (false)
     */
    public Forwarder(Upstreams upstreams, CircuitBreakers breakers, ForwardSettings settings,
                     boolean dropUnsupportedParams) {
        this(upstreams, breakers, settings, dropUnsupportedParams, TargetGate.OPEN);
    }

    /** @param gate asked before each attempt whether its target is at its own rate limit */
    public Forwarder(Upstreams upstreams, CircuitBreakers breakers, ForwardSettings settings,
                     boolean dropUnsupportedParams, TargetGate gate) {
        this.upstreams = upstreams;
        this.breakers = breakers;
        this.settings = settings;
        this.dropUnsupportedParams = dropUnsupportedParams;
        this.gate = gate;
    }

    /**
     * Forwards a request whose answer the client gets whole, within {@link ForwardSettings#totalBudget()}.
     *
     * @param api  the API the client called
     * @param body the client's request body (validated); its {@code model} is replaced per candidate
     */
    public ForwardOutcome forward(ClientApi api, ObjectNode body, List<Candidate> candidates,
                                  RoutingSnapshot snapshot) {
        return forward(api, body, candidates, snapshot, null);
    }

    /**
     * Forwards a request and, when {@code events} is given, streams the answer to it event by event as the
     * upstream produces it, within {@link ForwardSettings#streamBudget()}: the answer's head leaves with the
     * first event, once failover is no longer possible. A target that answers a stream request with one
     * completion has it told as a stream. The outcome's body is then empty and
     * {@link ForwardOutcome.Answered#streamed()} says how the stream ended. Answers that are not 2xx are
     * returned whole, never streamed.
     *
     * @param events where a streamed answer goes; null for an answer the client gets whole
     */
    public ForwardOutcome forward(ClientApi api, ObjectNode body, List<Candidate> candidates,
                                  RoutingSnapshot snapshot, EventSink events) {
        long deadline = System.nanoTime() + (events == null ? settings.totalBudget() : settings.streamBudget()).toNanos();
        List<Attempt> attempts = new ArrayList<>();
        RequestTranslationException firstRefusal = null;
        long upstreamNanos = 0;
        int breakerOpens = 0;
        int heldBack = 0;
        int sent = 0;
        boolean onlyRefusals = true;
        for (Candidate candidate : candidates) {
            if (attempts.size() - heldBack >= settings.maxAttempts() || deadline - System.nanoTime() <= 0) {
                break;
            }
            String target = candidate.target().name();
            Upstream upstream = upstreams.of(candidate.target());
            UpstreamRequest request;
            try {
                request = upstreamRequest(api, upstream.translator(), body, modelFor(candidate, body));
                refuseDropped(request, target);
            } catch (RequestTranslationException e) {
                attempts.add(new Attempt(target, "cannot take the request: " + e.getMessage(), 0));
                firstRefusal = firstRefusal == null ? e : firstRefusal;
                continue;
            }
            onlyRefusals = false;
            // The target's own rate limit first: a breaker trial claimed for a request not sent would be wasted.
            Optional<String> full = gate.take(candidate);
            if (full.isPresent()) {
                attempts.add(new Attempt(target, full.get(), 0));
                heldBack++;
                continue;
            }
            BreakerState breaker = snapshot.breakerOf(target).orElse(null);
            Optional<String> held = breakers.admit(target, breaker, Duration.ofNanos(deadline - System.nanoTime()));
            if (held.isPresent()) {
                gate.sent(candidate, null);
                // The breaker's own words, as the router gives them when its snapshot already shows the claim.
                attempts.add(new Attempt(target, held.get(), 0));
                heldBack++;
                continue;
            }
            sent++;
            long started = System.nanoTime();
            ClientStream toClient = events == null ? null
                    : new ClientStream(events, candidate, attempts.size() + 1, request.droppedParams());
            try (LiveEvidence.InFlight inFlight = breakers.sending(target)) {
                Tried tried = send(api, upstream, request, body, deadline, toClient);
                gate.sent(candidate, tried.reply() == null ? null : tried.reply().usage());
                upstreamNanos += System.nanoTime() - started;
                attempts.add(new Attempt(target, tried.outcome(), millisSince(started)));
                switch (tried.verdict()) {
                    case FAILED -> breakerOpens += opened(breakers.recordFailure(target, breaker));
                    case SUCCEEDED -> {
                        breakers.recordSuccess(target, breaker);
                        if (tried.reply() != null && tried.reply().usage() != null
                                && tried.reply().usage().completionTokens() != null) {
                            breakers.generated(target, tried.reply().usage().completionTokens());
                        }
                    }
                    case CLIENT_ERROR -> { }
                }
                if (tried.reply() != null) {
                    Reply reply = tried.reply();
                    return new ForwardOutcome.Answered(candidate, reply.status(), reply.headers(), reply.body(),
                            reply.usage(), attempts, new ForwardOutcome.ForwardStats(upstreamNanos, breakerOpens),
                            reply.streamed(), request.droppedParams());
                }
            } catch (IOException e) {
                gate.sent(candidate, null);
                upstreamNanos += System.nanoTime() - started;
                attempts.add(new Attempt(target, FailoverCause.describe(e), millisSince(started)));
                breakerOpens += opened(breakers.recordFailure(target, breaker));
            }
        }
        if (onlyRefusals && firstRefusal != null) {
            return new ForwardOutcome.Refused(firstRefusal.getMessage(), firstRefusal.param(), attempts);
        }
        if (heldBack > 0 && sent == 0) {
            return new ForwardOutcome.HeldBack(attempts);
        }
        LOG.warn("no candidate answered: {}", attempts);
        return new ForwardOutcome.Exhausted(attempts, new ForwardOutcome.ForwardStats(upstreamNanos, breakerOpens));
    }

    /**
     * Everything an attempt on {@code target} does before it sends: its upstream (HTTP client, TLS,
     * authentication) is built and {@code body} is translated into the target's wire format and signed
     * into a request. Nothing is sent. Used to prime a new function instance before its first request.
     */
    public void prepare(Target target, ObjectNode body) {
        Upstream upstream = upstreams.of(target);
        try {
            UpstreamRequest request = upstream.translator().toUpstream(body, body.path("model").asText());
            signedHeaders(upstream, request, upstream.resolve(request.path()));
        } catch (RequestTranslationException e) {
            LOG.debug("{} cannot take the priming request: {}", target.name(), e.getMessage());
        }
    }

    /**
     * With {@code router.dropUnsupportedParams} off, a request that would lose a parameter on its way to this
     * target is one the target cannot take: it is skipped like any other, and the next candidate may take it.
     */
    private void refuseDropped(UpstreamRequest request, String target) throws RequestTranslationException {
        if (!dropUnsupportedParams && !request.droppedParams().isEmpty()) {
            String param = request.droppedParams().get(0);
            throw new RequestTranslationException("`" + param + "` is not a parameter of " + target
                    + "'s API (router.dropUnsupportedParams is false, so it is not dropped)", param);
        }
    }

    private static int opened(CircuitBreakers.Change change) {
        return change == CircuitBreakers.Change.OPENED ? 1 : 0;
    }

    /** How one attempt went; {@code reply} is set when it is what the client gets. */
    private record Tried(Verdict verdict, String outcome, Reply reply) {
        static Tried failed(String outcome) {
            return new Tried(Verdict.FAILED, outcome, null);
        }
    }

    /** What an attempt answers the client with, in OpenAI's wire format; {@code streamed} when it went to the client's sink. */
    private record Reply(int status, Map<String, String> headers, byte[] body, Usage usage,
                         ForwardOutcome.Streamed streamed) {
        Reply(int status, Map<String, String> headers, byte[] body, Usage usage) {
            this(status, headers, body, usage, null);
        }
    }

    private enum Verdict { SUCCEEDED, FAILED, CLIENT_ERROR }

    private Tried send(ClientApi api, Upstream upstream, UpstreamRequest request, ObjectNode body, long deadline,
                       ClientStream toClient) throws IOException {
        long left = Math.max(1, deadline - System.nanoTime());
        URI uri = upstream.resolve(request.path());
        Duration headersTimeout = Duration.ofNanos(Math.min(left, settings.headersTimeout().toNanos()));
        Duration idleLimit = toClient == null ? null : settings.streamIdleTimeout();
        int status;
        byte[] bytes;
        ProviderTranslator translator = upstream.translator();
        try (UpstreamHttp.Exchange exchange = upstream.http().send(request.method(), uri,
                signedHeaders(upstream, request, uri), request.body(), headersTimeout, deadline, idleLimit)) {
            status = exchange.status();
            if (FailoverCause.failsOver(status)) {
                return Tried.failed("HTTP " + status);
            }
            if (status < 300 && exchange.contentType().startsWith("text/event-stream")) {
                return relayed(exchange, status, translator, body, toClient);
            }
            try (InputStream in = exchange.body()) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                if (exchange.expired()) {
                    return Tried.failed("upstream response stalled past the time budget");
                }
                throw e;
            }
        }
        TranslatedResponse translated;
        try {
            translated = translator.fromUpstream(status, bytes, null);
        } catch (UpstreamFormatException e) {
            return Tried.failed("unreadable response: " + e.getMessage());
        }
        if (status >= 300) {
            return new Tried(Verdict.CLIENT_ERROR, "HTTP " + status,
                    new Reply(status, JSON_TYPE, translated.bodyBytes(), translated.usage()));
        }
        if (!OpenAiWire.streamRequested(body)) {
            return new Tried(Verdict.SUCCEEDED, "ok", new Reply(status, JSON_TYPE, translated.bodyBytes(), translated.usage()));
        }
        // The client reads a stream; a target that answered with one completion gets it told as one.
        boolean usage = OpenAiWire.usageRequested(body);
        byte[] events = api == ClientApi.CHAT_COMPLETIONS
                ? CompletionAsStream.events(translated.body(), translated.usage(), usage)
                : CompletionAsStream.legacyEvents(translated.body(), translated.usage(), usage);
        if (toClient == null) {
            return new Tried(Verdict.SUCCEEDED, "ok", new Reply(status, SSE_TYPE, events, translated.usage()));
        }
        try {
            toClient.upstreamStatus(status);
            toClient.write(events);
        } catch (IOException e) {
            return new Tried(Verdict.SUCCEEDED, StreamRelay.CLIENT_DISCONNECTED, streamedReply(status,
                    translated.usage(), toClient.ended(ForwardOutcome.StreamEnd.CLIENT_DISCONNECTED)));
        }
        return new Tried(Verdict.SUCCEEDED, "ok",
                streamedReply(status, translated.usage(), toClient.ended(ForwardOutcome.StreamEnd.COMPLETED)));
    }

    /** An upstream stream, relayed to the client's sink as it comes or collected into one body. */
    private static Tried relayed(UpstreamHttp.Exchange exchange, int status, ProviderTranslator translator,
                                 ObjectNode body, ClientStream toClient) {
        if (toClient != null) {
            toClient.upstreamStatus(status);
        }
        StreamRelay.Output out = toClient == null ? StreamRelay.collecting() : toClient;
        StreamRelay.Relayed relayed = StreamRelay.relay(exchange, translator.stream(null, OpenAiWire.usageRequested(body)), out);
        if (!relayed.reachedClient()) {
            // Nothing has reached the client yet: this target failed, the next one may not.
            return Tried.failed(relayed.failure());
        }
        if (relayed.clientGone()) {
            // The target was streaming fine: its breaker is not to blame.
            return new Tried(Verdict.SUCCEEDED, StreamRelay.CLIENT_DISCONNECTED,
                    streamedReply(status, relayed.usage(), toClient.ended(ForwardOutcome.StreamEnd.CLIENT_DISCONNECTED)));
        }
        Verdict verdict = relayed.completed() ? Verdict.SUCCEEDED : Verdict.FAILED;
        String outcome = relayed.completed() ? "ok" : relayed.failure();
        if (toClient == null) {
            return new Tried(verdict, outcome, new Reply(status, SSE_TYPE, relayed.body(), relayed.usage()));
        }
        return new Tried(verdict, outcome, streamedReply(status, relayed.usage(), toClient.ended(
                relayed.completed() ? ForwardOutcome.StreamEnd.COMPLETED : ForwardOutcome.StreamEnd.INTERRUPTED)));
    }

    /** An answer that went to the client's sink: nothing left to send but how it went. */
    private static Reply streamedReply(int status, Usage usage, ForwardOutcome.Streamed streamed) {
        return new Reply(status, SSE_TYPE, new byte[0], usage, streamed);
    }

    /** The translated request's headers with the upstream's credentials (which win over a header of the same name). */
    private static Map<String, String> signedHeaders(Upstream upstream, UpstreamRequest request, URI uri) {
        Map<String, String> credentials = upstream.credentials(request.method(), uri, request.body());
        if (credentials.isEmpty()) {
            return request.headers();
        }
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.putAll(credentials);
        return headers;
    }

    private static UpstreamRequest upstreamRequest(ClientApi api, ProviderTranslator translator, ObjectNode body,
                                                   String model) throws RequestTranslationException {
        if (api == ClientApi.CHAT_COMPLETIONS) {
            return translator.toUpstream(body, model);
        }
        if (translator instanceof OpenAiToOpenAi openAi) {
            return openAi.legacyCompletion(body, model);
        }
        throw new RequestTranslationException("the legacy completions API is not served by "
                + translator.providerType().name().toLowerCase(Locale.ROOT) + " targets", null);
    }

    /** The model the candidate serves the request with; the client's when routing left it open. */
    private static String modelFor(Candidate candidate, ObjectNode body) {
        String model = candidate.upstreamModel();
        return model == null || CostRecord.ANY_MODEL.equals(model) ? body.path("model").asText() : model;
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
