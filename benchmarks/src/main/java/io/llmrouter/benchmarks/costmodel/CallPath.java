package io.llmrouter.benchmarks.costmodel;

/**
 * How a request reaches the route function and how its answer leaves. Either way the function holds its
 * environment for the whole upstream call: a streamed answer is relayed as it comes, a buffered one is
 * gathered first. They differ in the front door's charge and in how long a buffered call may last.
 */
public enum CallPath {

    /** What the template deploys: a function URL in RESPONSE_STREAM mode, no charge of its own. */
    STREAMED_FUNCTION_URL("streamed, function URL", false, false),
    /** {@code stream: false} through the same function URL. */
    BUFFERED_FUNCTION_URL("buffered, function URL", true, false),
    /** The front door before streaming: API Gateway's HTTP API, which buffers (30 s, 6 MB at most). */
    BUFFERED_HTTP_API("buffered, HTTP API", true, true);

    /**
     * The router's forwarding budget for an answer that is not streamed ({@code forward.total-budget}): a
     * buffered call is abandoned there, so it holds its environment no longer; a stream may run to 870 s.
     */
    public static final double BUFFERED_BUDGET_SECONDS = 27;

    private final String label;
    private final boolean buffered;
    private final boolean httpApi;

    CallPath(String label, boolean buffered, boolean httpApi) {
        this.label = label;
        this.buffered = buffered;
        this.httpApi = httpApi;
    }

    public String label() {
        return label;
    }

    public boolean buffered() {
        return buffered;
    }

    /** The front door's own charge per million requests. */
    double frontDoorPerMillion(Prices prices) {
        return httpApi ? prices.httpApiPerMillionRequests() : prices.functionUrlPerMillionRequests();
    }

    /** The hold times this path sees: a buffered call's cut at the forwarding budget. */
    public HoldTimes holds(HoldTimes upstream) {
        return buffered ? upstream.cappedAt(BUFFERED_BUDGET_SECONDS) : upstream;
    }
}
