package io.llmrouter.forward.sse;

/** An event stream broke a bound the reader keeps (a line or an event too long to hold). */
public class SseFormatException extends RuntimeException {

    public SseFormatException(String message) {
        super(message);
    }
}
