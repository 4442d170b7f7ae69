package io.llmrouter.replay.trace;

/**
 * One request of a trace.
 *
 * @param index            its row among the trace's requests, from 0
 * @param arrivalSeconds   when it arrives, in seconds after the trace's first request
 * @param contextTokens    the prompt's tokens
 * @param generatedTokens  the tokens generated for it
 */
public record TraceRequest(int index, double arrivalSeconds, int contextTokens, int generatedTokens) {

    public TraceRequest {
        if (index < 0 || !(arrivalSeconds >= 0) || contextTokens < 0 || generatedTokens < 0) {
            throw new IllegalArgumentException("not a request: index " + index + ", arrival " + arrivalSeconds
                    + " s, " + contextTokens + " context tokens, " + generatedTokens + " generated tokens");
        }
    }
}
