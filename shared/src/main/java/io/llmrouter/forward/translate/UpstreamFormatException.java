package io.llmrouter.forward.translate;

/**
 * A provider answered success with a body that is not what its API documents (not JSON, or JSON of
 * another shape). The provider is at fault: the caller answers 502 and may count it against the target.
 * The message names the provider and the problem, never credentials.
 */
public class UpstreamFormatException extends Exception {

    public UpstreamFormatException(String message) {
        super(message);
    }
}
