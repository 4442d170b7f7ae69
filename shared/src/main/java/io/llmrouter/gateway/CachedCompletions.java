package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.cache.CachePolicy;
import io.llmrouter.cache.CachedAnswer;
import io.llmrouter.cache.ResponseCache;
import io.llmrouter.forward.ClientApi;
import io.llmrouter.forward.ForwardOutcome;
import io.llmrouter.forward.translate.CompletionAsStream;
import io.llmrouter.forward.translate.OpenAiWire;
import io.llmrouter.forward.translate.Usage;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.metrics.RequestOutcome;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The response cache at the gateway: which requests use it ({@link CachePolicy}), the answer a hit makes, and
 * which answers are kept. A hit asks no target: it costs 0, and its savings are what the answer first cost. A
 * streamed request that hits is told the cached completion as OpenAI streams one. Answers of 200 are kept, a
 * stream as the completion it told ({@link StreamedCompletion}) when it ended with {@code [DONE]}.
 */
final class CachedCompletions {

    static final String HEADER = CachePolicy.HEADER;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResponseCache cache;
    private final Clock clock;

    CachedCompletions(ResponseCache cache, Clock clock) {
        this.cache = cache;
        this.clock = clock;
    }

    /**
     * What the cache makes of one request.
     *
     * @param refusal     the answer to a bad {@value #HEADER} header; null otherwise
     * @param hit         the answer found; null on a miss or a bypass
     * @param scope       whose answers these are; null on a bypass (nothing is kept)
     * @param fingerprint the request's; null on a bypass
     * @param headers     {@value #HEADER} as the answer reports it; empty without a cache
     */
    record Lookup(HttpAnswer refusal, CachedAnswer hit, String scope, String fingerprint, Map<String, String> headers) {

        static final Lookup NONE = new Lookup(null, null, null, null, Map.of());

        boolean keeps() {
            return fingerprint != null && hit == null;
        }
    }

    /** @param caller the stored key of the request; a cached answer of a target it may no longer use is a miss */
    Lookup lookup(ClientApi api, ObjectNode body, HttpCall call, RequestTrace trace, ApiKey caller) {
        if (!cache.settings().enabled()) {
            return Lookup.NONE;
        }
        CachePolicy.Use use = CachePolicy.decide(cache.settings(), trace.cacheKeyName(), call.header(HEADER),
                call.header("cache-control"), body);
        if (use == CachePolicy.Use.BAD_HEADER) {
            trace.noTarget(ErrorAnswers.INVALID_REQUEST);
            return new Lookup(ErrorAnswers.invalidParam(HEADER, "The " + HEADER + " header must be `on` or `off`."),
                    null, null, null, Map.of());
        }
        if (use == CachePolicy.Use.BYPASS) {
            trace.cache(RequestOutcome.CACHE_BYPASS);
            return new Lookup(null, null, null, null, Map.of(HEADER, RequestOutcome.CACHE_BYPASS));
        }
        String scope = trace.callerScope();
        String fingerprint = cache.fingerprint(apiName(api), body);
        Optional<CachedAnswer> found = cache.find(scope, fingerprint)
                .filter(answer -> caller == null || caller.allowsTarget(answer.target()));
        if (found.isPresent()) {
            return new Lookup(null, found.get(), scope, fingerprint, Map.of(HEADER, RequestOutcome.CACHE_HIT));
        }
        trace.cache(RequestOutcome.CACHE_MISS);
        return new Lookup(null, null, scope, fingerprint, Map.of(HEADER, RequestOutcome.CACHE_MISS));
    }

    /**
     * The answer of a hit: the cached completion, whole or as a stream when the request asked for one, with
     * the target that first made it, no attempt, cost 0 and the original cost as savings.
     */
    HttpAnswer answer(ClientApi api, ObjectNode body, CachedAnswer hit, RequestTrace trace) {
        trace.cacheHit(hit);
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, String> costs = new LinkedHashMap<>();
        costs.put(StreamedAnswer.COST_HEADER, AnswerPricing.usd(0));
        if (hit.costUsd() != null) {
            costs.put(StreamedAnswer.SAVINGS_HEADER, AnswerPricing.usd(hit.costUsd()));
        }
        byte[] content = hit.body();
        if (OpenAiWire.streamRequested(body)) {
            headers.put("content-type", "text/event-stream");
            headers.put("cache-control", "no-cache");
            content = asStream(api, body, hit, costs);
        } else {
            headers.put("content-type", "application/json");
        }
        headers.put("x-router-target", hit.target());
        headers.put("x-router-reason", RequestTrace.CACHE_HIT_REASON);
        headers.put("x-router-attempts", "0");
        headers.put(HEADER, RequestOutcome.CACHE_HIT);
        headers.putAll(costs);
        return new HttpAnswer(200, headers, content);
    }

    private static byte[] asStream(ClientApi api, ObjectNode body, CachedAnswer hit, Map<String, String> costs) {
        ObjectNode completion;
        try {
            completion = (ObjectNode) JSON.readTree(hit.body());
        } catch (IOException | ClassCastException e) {
            throw new IllegalStateException("a cached answer is not a JSON object", e);
        }
        Usage usage = new Usage(hit.promptTokens(), hit.completionTokens(), null);
        boolean includeUsage = OpenAiWire.usageRequested(body);
        ByteArrayOutputStream events = new ByteArrayOutputStream();
        events.writeBytes(api == ClientApi.CHAT_COMPLETIONS ? CompletionAsStream.events(completion, usage, includeUsage)
                : CompletionAsStream.legacyEvents(completion, usage, includeUsage));
        events.writeBytes(StreamedAnswer.closingLines(costs));
        return events.toByteArray();
    }

    /** The most of a stream recorded to be kept: a longer answer would not fit in one item anyway. */
    static final int MAX_RECORDED_STREAM = 4 * 1024 * 1024;

    /**
     * Keeps a target's answer to a request that missed: a 200 with one choice (a streamed hit tells only one),
     * with its cost so that hits can report it saved. A stream is kept as the completion it told, when it ended
     * with {@code [DONE]}: an interrupted one, or one whose client went away, is not. The answer is in this
     * instance's memory when this returns; the returned step writes it to the store for the other instances
     * (run it once the client has its answer).
     *
     * @param streamedEvents what a stream sent to the client as it was generated; null when it was not, or when
     *                       it grew past {@link #MAX_RECORDED_STREAM}
     * @return the write to the store; a step that does nothing when the answer is not kept
     */
    Runnable keep(Lookup lookup, ClientApi api, ObjectNode body, ForwardOutcome.Answered answered, Double cost,
                  byte[] streamedEvents) {
        if (!lookup.keeps() || answered.status() != 200) {
            return () -> { };
        }
        Optional<byte[]> completion;
        if (answered.streamed() != null) {
            completion = answered.streamed().end() != ForwardOutcome.StreamEnd.COMPLETED || streamedEvents == null
                    ? Optional.empty() : StreamedCompletion.of(api, streamedEvents, answered.usage());
        } else if (OpenAiWire.streamRequested(body)) {
            completion = StreamedCompletion.of(api, answered.body(), answered.usage());
        } else {
            completion = Optional.of(answered.body());
        }
        if (completion.isEmpty() || !oneChoice(completion.get())) {
            return () -> { };
        }
        CachedAnswer answer = new CachedAnswer(completion.get(), answered.candidate().target().name(),
                answered.candidate().upstreamModel(), answered.usage().promptTokens(),
                answered.usage().completionTokens(), cost, clock.instant());
        cache.remember(lookup.scope(), lookup.fingerprint(), answer);
        return () -> cache.share(lookup.scope(), lookup.fingerprint(), answer);
    }

    private static boolean oneChoice(byte[] body) {
        try {
            JsonNode completion = JSON.readTree(body);
            return completion != null && completion.path("choices").isArray() && completion.path("choices").size() == 1;
        } catch (IOException e) {
            return false;
        }
    }

    private static String apiName(ClientApi api) {
        return api == ClientApi.CHAT_COMPLETIONS ? "chat" : "completions";
    }
}
