package io.llmrouter.gateway;

import io.llmrouter.cache.CachedAnswer;
import io.llmrouter.config.CacheSettings;
import io.llmrouter.forward.ForwardOutcome;
import io.llmrouter.forward.translate.Usage;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.metrics.RequestOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the gateway learns about one request while handling it, turned into a {@link RequestOutcome}
 * when the answer is ready. One per request; not shared between threads.
 */
final class RequestTrace {

    private static final Logger LOG = LoggerFactory.getLogger(RequestTrace.class);

    private final long startedNanos = System.nanoTime();
    private String model;
    private String target;
    private String reason;
    private int attempts;
    private ForwardOutcome.ForwardStats stats = ForwardOutcome.ForwardStats.NONE;
    private Usage usage = Usage.UNKNOWN;
    private Double costUsd;
    private Double savingsUsd;
    private ForwardOutcome.Streamed streamed;
    private String servedModel;
    private RequestOutcome.Caller caller = RequestOutcome.Caller.NONE;
    private Double teamBudgetSpent;
    private String clientKeyName;
    private String cache;
    private Runnable afterAnswer;

    /** The stored API key the request came with; not called for a configured key or an open router. */
    void caller(ApiKey key) {
        this.caller = new RequestOutcome.Caller(key.id(), key.team(), key.tags());
    }

    /** The name of the {@code auth.clientKeys} key the request came with; not called for any other caller. */
    void clientKey(String name) {
        this.clientKeyName = name;
    }

    /**
     * Who the caller is, for what is kept per caller (cached answers, batches and their files): each presented key
     * is its own, never shared. A stored key by its id, a configured key by its name; {@code anonymous} is
     * everyone an open router serves without a key it knows, who are all one caller to it.
     */
    String callerScope() {
        if (caller.keyId() != null) {
            return KEY_SCOPE + caller.keyId();
        }
        return clientKeyName != null ? "client:" + clientKeyName : CacheSettings.ANONYMOUS;
    }

    private static final String KEY_SCOPE = "key:";

    /** The stored key's id a {@link #callerScope()} names; null when the scope is not a stored key's. */
    static String keyIdOf(String scope) {
        return scope != null && scope.startsWith(KEY_SCOPE) ? scope.substring(KEY_SCOPE.length()) : null;
    }

    /** How {@code cache.keys} names the caller: a stored key's id, a configured key's name, or {@code anonymous}. */
    String cacheKeyName() {
        if (caller.keyId() != null) {
            return caller.keyId();
        }
        return clientKeyName != null ? clientKeyName : CacheSettings.ANONYMOUS;
    }

    /** What the response cache did: {@link RequestOutcome#CACHE_MISS} or {@link RequestOutcome#CACHE_BYPASS}. */
    void cache(String what) {
        this.cache = what;
    }

    /** Answered from the response cache: no target was asked, it cost nothing and saved what it first cost. */
    void cacheHit(CachedAnswer answer) {
        this.cache = RequestOutcome.CACHE_HIT;
        this.reason = CACHE_HIT_REASON;
        this.servedModel = answer.servedModel();
        this.costUsd = 0.0;
        this.savingsUsd = answer.costUsd();
    }

    static final String CACHE_HIT_REASON = "cache hit";

    /**
     * Work that may wait until the client has its answer (keeping it in the response cache): a carrier that
     * streams runs it after the answer is written, one that buffers before it returns the answer.
     */
    void afterAnswer(Runnable work) {
        this.afterAnswer = work;
    }

    /** Runs the work left for after the answer, once; never throws. */
    void runAfterAnswer() {
        Runnable work = afterAnswer;
        afterAnswer = null;
        if (work != null) {
            try {
                work.run();
            } catch (RuntimeException e) {
                LOG.warn("work after the answer failed: {}", e.toString());
            }
        }
    }

    /** How much of the caller's team budget is committed, as its admission found it; null: no team budget. */
    void teamBudgetSpent(Double share) {
        this.teamBudgetSpent = share;
    }

    void routing(String requestedModel) {
        this.model = requestedModel;
    }

    void noTarget(String why) {
        this.reason = why;
    }

    void forwarded(ForwardOutcome outcome) {
        this.attempts = outcome.attempts().size();
        this.stats = outcome.stats();
        if (outcome instanceof ForwardOutcome.Answered answered) {
            this.target = answered.candidate().target().name();
            this.reason = answered.candidate().reason();
            this.usage = answered.usage();
            this.servedModel = answered.candidate().upstreamModel();
        } else {
            this.reason = outcome instanceof ForwardOutcome.Refused ? ErrorAnswers.NO_TARGET_CAN_TAKE_IT
                    : ErrorAnswers.EVERY_TARGET_FAILED;
        }
    }

    void priced(Double cost, Double savings) {
        this.costUsd = cost;
        this.savingsUsd = savings;
    }

    /** The answer went to the client event by event; its head and events have been sent. */
    void streamed(ForwardOutcome.Streamed streamed) {
        this.streamed = streamed;
    }

    /** How the answer was streamed to the client; null when it was not (it is still to be written). */
    ForwardOutcome.Streamed streamed() {
        return streamed;
    }

    RequestOutcome outcome(HttpCall call, HttpAnswer answer) {
        return new RequestOutcome(call.requestId(), call.method() + " " + call.path(), answer.status(), target, reason,
                model, attempts, stats.breakerOpens(), System.nanoTime() - startedNanos, stats.upstreamNanos(),
                usage.promptTokens(), usage.completionTokens(), costUsd, savingsUsd,
                streamed == null ? null : streamed.end().logName(),
                streamed == null ? null : streamed.firstEventNanos() - startedNanos,
                servedModel != null ? servedModel : target == null ? null : model, caller, teamBudgetSpent, cache);
    }
}
