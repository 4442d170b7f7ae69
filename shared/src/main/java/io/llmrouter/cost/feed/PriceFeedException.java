package io.llmrouter.cost.feed;

/**
 * A whole feed was rejected: it could not be fetched, or its body is not JSON of the expected shape.
 * The caller keeps every last good price. The message is the reason; it never holds a URL's query
 * string or credentials.
 */
public class PriceFeedException extends Exception {

    public PriceFeedException(String reason) {
        super(reason);
    }

    public PriceFeedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
