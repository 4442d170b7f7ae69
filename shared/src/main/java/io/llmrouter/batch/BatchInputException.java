package io.llmrouter.batch;

/**
 * A call of the Batch or Files API that OpenAI would refuse: the gateway answers it in OpenAI's error shape.
 *
 * @see BatchService
 */
public final class BatchInputException extends RuntimeException {

    /** What kind of refusal: the gateway picks the status from it. */
    public enum Kind { INVALID, NOT_FOUND, TOO_LARGE }

    private final Kind kind;
    private final String param;

    public BatchInputException(Kind kind, String param, String message) {
        super(message);
        this.kind = kind;
        this.param = param;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field at fault, or null. */
    public String param() {
        return param;
    }
}
