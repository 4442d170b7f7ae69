package io.llmrouter.keys;

/** A key's fields as sent to the admin API are not acceptable; {@code field} names the one at fault. */
public final class KeyInputException extends RuntimeException {

    private final String field;

    public KeyInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field at fault, dotted for nested ones ({@code budget.usd}); null when the body as a whole is. */
    public String field() {
        return field;
    }
}
