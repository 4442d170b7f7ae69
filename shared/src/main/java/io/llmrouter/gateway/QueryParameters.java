package io.llmrouter.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A query string's parameters, for the admin endpoints that take some. Strict, as the key endpoints are with
 * their fields: a parameter the endpoint does not know, one given twice, or one that is not valid
 * percent-encoding is a 400 naming it, rather than silently ignored.
 */
final class QueryParameters {

    private final Map<String, String> values;

    private QueryParameters(Map<String, String> values) {
        this.values = values;
    }

    /** Thrown with the parameter at fault and why. */
    static final class Refused extends RuntimeException {
        private final String param;

        Refused(String param, String message) {
            super(message);
            this.param = param;
        }

        String param() {
            return param;
        }
    }

    /** @throws Refused for an unknown, repeated or badly encoded parameter */
    static QueryParameters parse(String query, Set<String> known) {
        Map<String, String> values = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return new QueryParameters(values);
        }
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), null);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            if (!known.contains(name)) {
                throw new Refused(name, "Unknown parameter '" + name + "'; this endpoint takes " + String.join(", ",
                        known.stream().sorted().toList()) + ".");
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new Refused(name, "The parameter '" + name + "' is given more than once.");
            }
        }
        return new QueryParameters(values);
    }

    /** The parameter's value; empty when it is absent or empty. */
    Optional<String> get(String name) {
        String value = values.get(name);
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static String decode(String text, String param) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Refused(param, "The query string is not valid percent-encoding.");
        }
    }
}
