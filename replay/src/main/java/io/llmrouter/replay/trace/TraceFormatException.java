package io.llmrouter.replay.trace;

/** A trace file that is not in the {@code TIMESTAMP,ContextTokens,GeneratedTokens} format; says where and why. */
public final class TraceFormatException extends RuntimeException {

    public TraceFormatException(String message) {
        super(message);
    }
}
