package io.llmrouter.metrics;

/**
 * What one API request came to, for metrics and the request log. Holds no prompt or completion text
 * and no credential.
 *
 * @param requestId        the carrier's request id; null when unknown
 * @param route            {@code POST /v1/chat/completions} and the like
 * @param status           the HTTP status answered
 * @param target           the target that answered; null when none did
 * @param reason           why that target was chosen (or why none was); null for non-routing endpoints
 * @param model            the model the client asked for; null when the request was refused before routing
 * @param attempts         upstream attempts made
 * @param breakerOpens     circuit breakers the attempts opened
 * @param latencyNanos     the whole request inside the router
 * @param upstreamNanos    time spent in upstream attempts
 * @param promptTokens     as the upstream reported them; null when unknown
 * @param completionTokens as the upstream reported them; null when unknown
 * @param costUsd          actual cost; null when unknown
 * @param savingsUsd       cost at the savings baseline minus the actual cost; null when unknown or no baseline
 * @param streamEnd        for an answer streamed to the client as it was generated, how it ended
 *                         ({@code completed}, {@code interrupted}, {@code client_disconnected}); null otherwise
 * @param firstEventNanos  for a streamed answer, the time until its first event left the router; null otherwise
 * @param servedModel      the model the answering target ran (a cluster's or provider's own name for it); null
 *                         when no target answered
 * @param caller           who the request is charged to: its API key's id, team and tags; {@link Caller#NONE} for a
 *                         configured client key or an open router
 * @param teamBudgetSpent  the share of the caller's team budget committed so far ({@code limits.teams}); null when
 *                         its team has no budget
 * @param cache            what the response cache did: {@link #CACHE_HIT}, {@link #CACHE_MISS}, {@link #CACHE_BYPASS};
 *                         null when the router has no cache. A hit costs 0 and its savings are the original cost.
 */
public record RequestOutcome(String requestId, String route, int status, String target, String reason, String model,
                             int attempts, int breakerOpens, long latencyNanos, long upstreamNanos,
                             Integer promptTokens, Integer completionTokens, Double costUsd, Double savingsUsd,
                             String streamEnd, Long firstEventNanos, String servedModel, Caller caller,
                             Double teamBudgetSpent, String cache) {

    public static final String CACHE_HIT = "hit";
    public static final String CACHE_MISS = "miss";
    public static final String CACHE_BYPASS = "bypass";

    public RequestOutcome {
        caller = caller == null ? Caller.NONE : caller;
    }

    /** An outcome of a router without a response cache. */
    public RequestOutcome(String requestId, String route, int status, String target, String reason, String model,
                          int attempts, int breakerOpens, long latencyNanos, long upstreamNanos, Integer promptTokens,
                          Integer completionTokens, Double costUsd, Double savingsUsd, String streamEnd,
                          Long firstEventNanos, String servedModel, Caller caller, Double teamBudgetSpent) {
        this(requestId, route, status, target, reason, model, attempts, breakerOpens, latencyNanos, upstreamNanos,
                promptTokens, completionTokens, costUsd, savingsUsd, streamEnd, firstEventNanos, servedModel, caller,
                teamBudgetSpent, null);
    }

    /** Whether the answer came from the response cache (no target was asked). */
    public boolean cacheHit() {
        return CACHE_HIT.equals(cache);
    }

    /** An outcome without a team budget. */
    public RequestOutcome(String requestId, String route, int status, String target, String reason, String model,
                          int attempts, int breakerOpens, long latencyNanos, long upstreamNanos, Integer promptTokens,
                          Integer completionTokens, Double costUsd, Double savingsUsd, String streamEnd,
                          Long firstEventNanos, String servedModel, Caller caller) {
        this(requestId, route, status, target, reason, model, attempts, breakerOpens, latencyNanos, upstreamNanos,
                promptTokens, completionTokens, costUsd, savingsUsd, streamEnd, firstEventNanos, servedModel, caller,
                null);
    }

    /**
     * Who a request is charged to, for cost allocation. Never holds the key's secret or hash.
     *
     * @param keyId the stored API key's id ({@code key_...}); null for a configured client key or an open router
     * @param team  the key's team; null when it has none
     * @param tags  the key's tags
     */
    public record Caller(String keyId, String team, java.util.Map<String, String> tags) {

        public static final Caller NONE = new Caller(null, null, java.util.Map.of());

        public Caller {
            tags = tags == null ? java.util.Map.of() : java.util.Map.copyOf(tags);
        }
    }

    /**
     * Whether this was a call to be routed (chat or text completion), whatever came of it, as opposed to
     * /health, /v1/models and the admin endpoints, which metrics and the request log leave out.
     */
    public boolean routed() {
        return "POST /v1/chat/completions".equals(route) || "POST /v1/completions".equals(route);
    }

    /** How metrics, logs and dashboards name the target of a request no target answered. */
    public static final String NO_TARGET = "none";

    /** The target that answered, or {@link #NO_TARGET}. */
    public String targetOrNone() {
        return target == null ? NO_TARGET : target;
    }

    /** Answered 4xx: bad input, unknown model, a refused key, an upstream's client error. */
    public boolean clientError() {
        return status >= 400 && status < 500;
    }

    /** Answered 5xx: every target failed (502) or none was healthy (503). */
    public boolean serverError() {
        return status >= 500;
    }

    /** Time the router itself took: the whole request minus the upstream attempts. */
    public long overheadNanos() {
        return Math.max(0, latencyNanos - upstreamNanos);
    }

    public int failovers() {
        return Math.max(0, attempts - 1);
    }
}
