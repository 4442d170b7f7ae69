package io.llmrouter.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Set;

/**
 * Checks an OpenAI chat completion or (legacy) completion request before anything is spent on it. Every problem becomes a
 * 4xx answer in OpenAI's error shape naming the field ({@code param}); nothing here throws.
 *
 * <p>Hostile input is bounded before it is parsed into a tree: the body size (Lambda's 6 MB request
 * limit), nesting depth, string and number lengths; duplicate keys are refused, since two readers
 * could pick different values.
 */
final class RequestValidation {

    /** A synchronous Lambda invocation takes at most 6 MB of request payload. */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;
    static final int MAX_OUTPUT_TOKENS = 1_000_000;
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(MAX_BODY_BYTES)
                    .maxNumberLength(64)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private RequestValidation() {
    }

    /** The parsed request, or the answer that refuses it. */
    record Checked(ObjectNode request, HttpAnswer refusal) {
        boolean ok() {
            return refusal == null;
        }
    }

    static Checked chat(byte[] body) {
        return check(body, RequestValidation::problemIn);
    }

    /** {@code /v1/completions}: {@code prompt} is a string or an array of strings. */
    static Checked completion(byte[] body) {
        return check(body, request -> {
            JsonNode model = request.get("model");
            if (model == null || !model.isTextual() || model.asText().isBlank()) {
                return ErrorAnswers.of(400, "invalid_request_error", "missing_required_parameter", "model",
                        "You must provide a model parameter.");
            }
            JsonNode prompt = request.get("prompt");
            boolean valid = prompt != null && (prompt.isTextual()
                    || (prompt.isArray() && !prompt.isEmpty() && allText(prompt)));
            if (!valid) {
                return ErrorAnswers.invalidParam("prompt", "'prompt' must be a string or a non-empty array of strings.");
            }
            return firstNonNull(bool(request, "stream"), streamOptions(request), positiveInt(request, "max_tokens"),
                    number(request, "temperature", 0, 2), number(request, "top_p", 0, 1), choices(request),
                    stop(request));
        });
    }

    private static boolean allText(JsonNode array) {
        for (JsonNode each : array) {
            if (!each.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static Checked check(byte[] body, java.util.function.Function<ObjectNode, HttpAnswer> problems) {
        if (body.length > MAX_BODY_BYTES) {
            return refuse(ErrorAnswers.of(413, "invalid_request_error", "request_too_large",
                    "The request body is " + body.length + " bytes; the limit is " + MAX_BODY_BYTES + "."));
        }
        if (body.length == 0) {
            return refuse(ErrorAnswers.invalidRequest("The request body is empty; send a JSON object."));
        }
        JsonNode root;
        try (JsonParser parser = JSON.createParser(body)) {
            root = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                return refuse(ErrorAnswers.invalidRequest("The request body has data after its JSON value."));
            }
        } catch (StreamConstraintsException e) {
            return refuse(ErrorAnswers.invalidRequest("The request body is too deeply nested or has a value too long."));
        } catch (IOException e) {
            return refuse(ErrorAnswers.invalidRequest("We could not parse the JSON body of your request: "
                    + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            return refuse(ErrorAnswers.invalidRequest("The request body must be a JSON object."));
        }
        HttpAnswer problem = problems.apply((ObjectNode) root);
        return problem == null ? new Checked((ObjectNode) root, null) : refuse(problem);
    }

    private static HttpAnswer problemIn(ObjectNode request) {
        JsonNode model = request.get("model");
        if (model == null || model.isNull()) {
            return ErrorAnswers.of(400, "invalid_request_error", "missing_required_parameter", "model",
                    "You must provide a model parameter.");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            return ErrorAnswers.invalidParam("model", "'model' must be a non-empty string.");
        }
        JsonNode messages = request.get("messages");
        if (messages == null || messages.isNull()) {
            return ErrorAnswers.of(400, "invalid_request_error", "missing_required_parameter", "messages",
                    "You must provide a messages parameter.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            return ErrorAnswers.invalidParam("messages", "'messages' must be a non-empty array.");
        }
        for (int i = 0; i < messages.size(); i++) {
            HttpAnswer problem = problemInMessage(messages.get(i), "messages[" + i + "]");
            if (problem != null) {
                return problem;
            }
        }
        return firstNonNull(
                bool(request, "stream"),
                streamOptions(request),
                positiveInt(request, "max_tokens"),
                positiveInt(request, "max_completion_tokens"),
                number(request, "temperature", 0, 2),
                number(request, "top_p", 0, 1),
                number(request, "presence_penalty", -2, 2),
                number(request, "frequency_penalty", -2, 2),
                choices(request),
                stop(request),
                typed(request, "user", JsonNode::isTextual, "a string"),
                typed(request, "tools", JsonNode::isArray, "an array"),
                typed(request, "response_format", JsonNode::isObject, "an object"));
    }

    private static HttpAnswer problemInMessage(JsonNode message, String at) {
        if (!message.isObject()) {
            return ErrorAnswers.invalidParam(at, "'" + at + "' must be an object with a role and content.");
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
            return ErrorAnswers.invalidParam(at + ".role", "'" + at + ".role' must be one of " + ROLES + ".");
        }
        JsonNode content = message.get("content");
        boolean assistant = role.asText().equals("assistant");
        if (content == null || content.isNull()) {
            return assistant ? null : ErrorAnswers.invalidParam(at + ".content", "'" + at + ".content' is required.");
        }
        if (content.isTextual()) {
            return null;
        }
        if (!content.isArray()) {
            return ErrorAnswers.invalidParam(at + ".content", "'" + at + ".content' must be a string or an array of parts.");
        }
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            String partAt = at + ".content[" + p + "]";
            String type = part.path("type").asText("");
            boolean valid = switch (type) {
                case "text" -> part.path("text").isTextual();
                case "image_url" -> part.path("image_url").path("url").isTextual();
                case "input_audio", "file" -> part.path(type).isObject();
                default -> false;
            };
            if (!valid) {
                return ErrorAnswers.invalidParam(partAt, "'" + partAt + "' must be a text, image_url, input_audio "
                        + "or file part with its value.");
            }
        }
        return null;
    }

    private static HttpAnswer bool(ObjectNode request, String field) {
        return typed(request, field, JsonNode::isBoolean, "a boolean");
    }

    private static HttpAnswer streamOptions(ObjectNode request) {
        JsonNode options = request.get("stream_options");
        if (options == null || options.isNull()) {
            return null;
        }
        if (!options.isObject() || (options.has("include_usage") && !options.get("include_usage").isBoolean())) {
            return ErrorAnswers.invalidParam("stream_options", "'stream_options' must be an object whose include_usage is a boolean.");
        }
        return null;
    }

    private static HttpAnswer positiveInt(ObjectNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < 1 || value.asInt() > MAX_OUTPUT_TOKENS) {
            return ErrorAnswers.invalidParam(field, "'" + field + "' must be an integer from 1 to " + MAX_OUTPUT_TOKENS + ".");
        }
        return null;
    }

    private static HttpAnswer number(ObjectNode request, String field, double min, double max) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max || Double.isNaN(value.asDouble())) {
            return ErrorAnswers.invalidParam(field, "'" + field + "' must be a number from " + min + " to " + max + ".");
        }
        return null;
    }

    private static HttpAnswer choices(ObjectNode request) {
        JsonNode n = request.get("n");
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || n.asInt() != 1) {
            return ErrorAnswers.invalidParam("n", "'n' must be 1: the router returns one choice per request.");
        }
        return null;
    }

    private static HttpAnswer stop(ObjectNode request) {
        JsonNode stop = request.get("stop");
        if (stop == null || stop.isNull() || stop.isTextual()) {
            return null;
        }
        if (stop.isArray() && stop.size() <= 4) {
            for (JsonNode each : stop) {
                if (!each.isTextual()) {
                    return ErrorAnswers.invalidParam("stop", "'stop' entries must be strings.");
                }
            }
            return null;
        }
        return ErrorAnswers.invalidParam("stop", "'stop' must be a string or an array of at most 4 strings.");
    }

    private static HttpAnswer typed(ObjectNode request, String field, java.util.function.Predicate<JsonNode> test,
                                    String what) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull() || test.test(value)) {
            return null;
        }
        return ErrorAnswers.invalidParam(field, "'" + field + "' must be " + what + ".");
    }

    private static HttpAnswer firstNonNull(HttpAnswer... answers) {
        for (HttpAnswer answer : answers) {
            if (answer != null) {
                return answer;
            }
        }
        return null;
    }

    private static Checked refuse(HttpAnswer answer) {
        return new Checked(null, answer);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson quotes part of the input; keep it short so hostile bodies are not echoed back at length.
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
