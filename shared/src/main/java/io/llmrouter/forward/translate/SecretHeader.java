package io.llmrouter.forward.translate;

import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A one-header map holding a credential, whose {@code toString} hides the value: a map of auth headers
 * that ends up in a log line or an exception message shows the header name only.
 */
final class SecretHeader extends AbstractMap<String, String> {

    private final Map.Entry<String, String> entry;

    private SecretHeader(String name, String value) {
        this.entry = Map.entry(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "API key"));
    }

    static Map<String, String> of(String name, String value) {
        return new SecretHeader(name, value);
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return Set.of(entry);
    }

    @Override
    public String toString() {
        return "{" + entry.getKey() + "=****}";
    }
}
