package io.llmrouter.batch;

/**
 * How one item ended, for its line in the output file (an answer, even a target's 4xx) or the error file.
 *
 * @param status      the HTTP status of the answer
 * @param body        the answer's JSON (a completion, or an error in OpenAI's shape)
 * @param target      the target that answered; null when none did
 * @param costUsd     what it cost; 0 when nothing was spent or the price is unknown
 * @param baselineUsd what it would have cost at the savings baseline; null when unknown
 */
public record ItemResult(int status, String body, String target, double costUsd, Double baselineUsd) {

    /** A 2xx goes to the output file; anything else to the error file. */
    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
