package io.llmrouter.state;

/**
 * No routing state fit to route with: none was ever loaded, or the last one is older than the
 * configured maximum staleness because the store has been unreachable. The route function answers
 * such requests with an error rather than routing blind.
 */
public class RoutingStateUnavailableException extends RuntimeException {

    public RoutingStateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
