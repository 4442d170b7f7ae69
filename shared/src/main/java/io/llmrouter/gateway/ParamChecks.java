package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The checks the request contracts share. Each looks at one value and answers the 400 that names it
 * ({@code param}), or null when it is fine. An optional value may be absent or JSON null, as OpenAI's
 * API allows for every optional field; a required one may be neither.
 */
final class ParamChecks {

    /** OpenAI's rule for the names of functions and of JSON schema response formats. */
    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
    static final int MAX_OUTPUT_TOKENS = 1_000_000;

    private ParamChecks() {
    }

    static boolean absent(JsonNode value) {
        return value == null || value.isNull();
    }

    static HttpAnswer optional(JsonNode value, String param, Predicate<JsonNode> test, String what) {
        return absent(value) ? null : typed(value, param, test, what);
    }

    /** Missing is {@code missing_required_parameter}; present but wrong is {@code invalid_value}. */
    static HttpAnswer required(JsonNode value, String param, Predicate<JsonNode> test, String what) {
        if (absent(value)) {
            return ErrorAnswers.missingParam(param, "'" + param + "' is required.");
        }
        return typed(value, param, test, what);
    }

    private static HttpAnswer typed(JsonNode value, String param, Predicate<JsonNode> test, String what) {
        return test.test(value) ? null : ErrorAnswers.invalidParam(param, "'" + param + "' must be " + what + ".");
    }

    static HttpAnswer bool(JsonNode value, String param) {
        return optional(value, param, JsonNode::isBoolean, "a boolean");
    }

    static HttpAnswer string(JsonNode value, String param) {
        return optional(value, param, JsonNode::isTextual, "a string");
    }

    static HttpAnswer object(JsonNode value, String param) {
        return optional(value, param, JsonNode::isObject, "an object");
    }

    static boolean nonEmptyText(JsonNode value) {
        return value.isTextual() && !value.textValue().isEmpty();
    }

    static boolean name(JsonNode value) {
        return value.isTextual() && NAME.matcher(value.textValue()).matches();
    }

    static boolean allText(JsonNode array) {
        if (!array.isArray()) {
            return false;
        }
        for (JsonNode each : array) {
            if (!each.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /** A string that is one of {@code values}; null when it is, or when it is optional and absent. */
    static HttpAnswer oneOf(JsonNode value, String param, boolean isRequired, List<String> values) {
        Predicate<JsonNode> test = v -> v.isTextual() && values.contains(v.textValue());
        String what = "one of " + String.join(", ", values);
        return isRequired ? required(value, param, test, what) : optional(value, param, test, what);
    }

    /** An output token limit: {@code max_tokens}, {@code max_completion_tokens}. */
    static HttpAnswer tokens(JsonNode value, String param) {
        return integer(value, param, 1, MAX_OUTPUT_TOKENS);
    }

    static HttpAnswer integer(JsonNode value, String param, long min, long max) {
        return optional(value, param, v -> v.isIntegralNumber() && v.canConvertToLong()
                && v.longValue() >= min && v.longValue() <= max, "an integer from " + min + " to " + max);
    }

    static HttpAnswer number(JsonNode value, String param, double min, double max) {
        return optional(value, param, v -> v.isNumber() && v.doubleValue() >= min && v.doubleValue() <= max,
                "a number from " + min + " to " + max);
    }

    static HttpAnswer streamOptions(JsonNode options) {
        return optional(options, "stream_options",
                o -> o.isObject() && (absent(o.get("include_usage")) || o.get("include_usage").isBoolean()),
                "an object whose include_usage is a boolean");
    }

    static HttpAnswer choices(JsonNode n) {
        return absent(n) || (n.isIntegralNumber() && n.asInt() == 1) ? null
                : ErrorAnswers.invalidParam("n", "'n' must be 1: the router returns one choice per request.");
    }

    static HttpAnswer stop(JsonNode stop) {
        if (absent(stop) || stop.isTextual()) {
            return null;
        }
        if (stop.isArray() && stop.size() <= 4) {
            return allText(stop) ? null : ErrorAnswers.invalidParam("stop", "'stop' entries must be strings.");
        }
        return ErrorAnswers.invalidParam("stop", "'stop' must be a string or an array of at most 4 strings.");
    }

    /**
     * An optional array whose elements {@code check} judges, each at {@code param[i]}: null when absent or
     * when every element passes, else the first problem.
     *
     * @param what what the array must be, for the answer when it is no array ("an array of tools")
     */
    static HttpAnswer optionalArray(JsonNode array, String param, String what,
                                    BiFunction<JsonNode, String, HttpAnswer> check) {
        if (absent(array)) {
            return null;
        }
        return array.isArray() ? firstIn(array, param, check)
                : ErrorAnswers.invalidParam(param, "'" + param + "' must be " + what + ".");
    }

    /** The first problem {@code check} finds among an array's elements, each named {@code param[i]}; null for none. */
    static HttpAnswer firstIn(JsonNode array, String param, BiFunction<JsonNode, String, HttpAnswer> check) {
        for (int i = 0; i < array.size(); i++) {
            HttpAnswer problem = check.apply(array.get(i), param + "[" + i + "]");
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    static HttpAnswer firstNonNull(HttpAnswer... answers) {
        for (HttpAnswer answer : answers) {
            if (answer != null) {
                return answer;
            }
        }
        return null;
    }
}
