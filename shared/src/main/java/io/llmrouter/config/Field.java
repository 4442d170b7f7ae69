package io.llmrouter.config;

import java.util.function.Predicate;

/**
 * One value read from the configuration, with what is needed to report a problem about it.
 *
 * <p>{@code present} is true when the YAML gives the key a non-empty value, even one that failed to parse
 * (that failure is already reported, so {@link #required()} does not report it twice). {@code shown} is how
 * the value appears in messages; it is null for secrets and URIs, which are never quoted.
 */
final class Field<T> {

    private final String path;
    private final T value;
    private final boolean present;
    private final String shown;
    private final Problems problems;

    private Field(String path, T value, boolean present, String shown, Problems problems) {
        this.path = path;
        this.value = value;
        this.present = present;
        this.shown = shown;
        this.problems = problems;
    }

    static <T> Field<T> of(String path, T value, String shown, Problems problems) {
        return new Field<>(path, value, true, shown, problems);
    }

    static <T> Field<T> absent(String path, Problems problems) {
        return new Field<>(path, null, false, null, problems);
    }

    static <T> Field<T> invalid(String path, Problems problems) {
        return new Field<>(path, null, true, null, problems);
    }

    Field<T> required() {
        return required("is required");
    }

    Field<T> required(String reason) {
        if (!present) {
            problems.add(path, reason);
        }
        return this;
    }

    /** Reports {@code reason} (with the value, unless hidden) when a value is there and fails {@code valid}. */
    Field<T> check(Predicate<? super T> valid, String reason) {
        if (value == null || valid.test(value)) {
            return this;
        }
        problems.add(path, shown == null ? reason : reason + ", got " + shown);
        return invalid(path, problems);
    }

    /** Reports {@code reason} about this field whatever its value, e.g. a setting that does not apply. */
    void reject(String reason) {
        problems.add(path, reason);
    }

    boolean isPresent() {
        return present;
    }

    /** The value, or null when absent or invalid. */
    T get() {
        return value;
    }

    /**
     * The value, or {@code fallback} when absent. An invalid value also yields {@code fallback}, but it has been
     * reported, so the configuration built with it is never handed out.
     */
    T orElse(T fallback) {
        return value != null ? value : fallback;
    }
}
