package io.llmrouter.forward;

/**
 * One try of one candidate, for the {@code x-router-attempts} header and the logs.
 *
 * @param outcome "ok", "HTTP 503", "connect refused", "timeout before headers", ...
 */
public record Attempt(String target, String outcome, long millis) {

    @Override
    public String toString() {
        return target + ": " + outcome + " (" + millis + " ms)";
    }
}
