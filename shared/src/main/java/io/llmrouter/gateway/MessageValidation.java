package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

import static io.llmrouter.gateway.ParamChecks.absent;
import static io.llmrouter.gateway.ParamChecks.firstNonNull;
import static io.llmrouter.gateway.ParamChecks.required;

/**
 * One message of a chat request against OpenAI's Chat Completions contract, role by role: the content
 * each role may carry and of which part types, and the fields a role requires (a tool message's
 * {@code tool_call_id}, a function message's {@code name}) or alone may send (an assistant's
 * {@code tool_calls}). Checked here once for every target, so no translator has to.
 */
final class MessageValidation {

    private static final List<String> ROLES = List.of("system", "developer", "user", "assistant", "tool", "function");

    /** The content part types OpenAI documents for a role; the roles not listed take text parts only. */
    private static final Map<String, List<String>> PART_TYPES = Map.of(
            "user", List.of("text", "image_url", "input_audio", "file"),
            "assistant", List.of("text", "refusal"));

    private MessageValidation() {
    }

    /** @param at where the message sits ("messages[2]"), the prefix of every {@code param} named */
    static HttpAnswer problemIn(JsonNode message, String at) {
        if (!message.isObject()) {
            return ErrorAnswers.invalidParam(at, "'" + at + "' must be an object with a role and content.");
        }
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual() || !ROLES.contains(role.textValue())) {
            return ErrorAnswers.invalidParam(at + ".role", "'" + at + ".role' must be one of " + ROLES + ".");
        }
        String roleName = role.textValue();
        HttpAnswer fields = firstNonNull(
                ParamChecks.string(message.get("name"), at + ".name"),
                switch (roleName) {
                    case "assistant" -> firstNonNull(toolCalls(message.get("tool_calls"), at + ".tool_calls"),
                            functionCall(message.get("function_call"), at + ".function_call"));
                    case "tool" -> required(message.get("tool_call_id"), at + ".tool_call_id",
                            ParamChecks::nonEmptyText, "a non-empty string: the id of the call it answers");
                    case "function" -> required(message.get("name"), at + ".name", ParamChecks::nonEmptyText,
                            "a non-empty string: the name of the function it answers");
                    default -> null;
                });
        return fields != null ? fields : content(message, roleName, at);
    }

    private static HttpAnswer content(JsonNode message, String role, String at) {
        JsonNode content = message.get("content");
        String contentAt = at + ".content";
        if (absent(content)) {
            // An assistant turn may be only calls; a legacy function result may be empty.
            boolean calls = hasItems(message.get("tool_calls")) || !absent(message.get("function_call"));
            boolean optional = role.equals("function") || (role.equals("assistant") && calls);
            return optional ? null : ErrorAnswers.missingParam(contentAt, "'" + contentAt + "' is required"
                    + (role.equals("assistant") ? " unless the message has tool_calls." : "."));
        }
        if (content.isTextual()) {
            return null;
        }
        List<String> types = PART_TYPES.getOrDefault(role, List.of("text"));
        if (!content.isArray() || role.equals("function")) {
            return ErrorAnswers.invalidParam(contentAt, "'" + contentAt + "' must be a string"
                    + (role.equals("function") ? "." : " or an array of " + String.join(", ", types) + " parts."));
        }
        return ParamChecks.firstIn(content, contentAt, (part, partAt) -> part(part, types, partAt));
    }

    private static HttpAnswer part(JsonNode part, List<String> types, String at) {
        if (!part.isObject()) {
            return ErrorAnswers.invalidParam(at, "'" + at + "' must be an object with a type.");
        }
        String type = part.path("type").asText("");
        if (!types.contains(type)) {
            return ErrorAnswers.invalidParam(at + ".type", "'" + at + ".type' must be one of " + types
                    + " in this message.");
        }
        return switch (type) {
            case "text", "refusal" -> required(part.get(type), at + "." + type, JsonNode::isTextual, "a string");
            case "image_url" -> firstNonNull(required(part.get(type), at + ".image_url", JsonNode::isObject,
                    "an object with the image's url"), required(part.path(type).get("url"), at + ".image_url.url",
                    JsonNode::isTextual, "a string: an image URL or a base64 data URL"));
            default -> required(part.get(type), at + "." + type, JsonNode::isObject, "an object"); // input_audio, file
        };
    }

    /** An assistant's calls: {@code function} calls (name, JSON arguments as a string) or {@code custom} ones. */
    private static HttpAnswer toolCalls(JsonNode calls, String at) {
        return ParamChecks.optionalArray(calls, at, "an array of tool calls", MessageValidation::toolCall);
    }

    private static HttpAnswer toolCall(JsonNode call, String at) {
        HttpAnswer problem = call.isObject() ? firstNonNull(
                required(call.get("id"), at + ".id", ParamChecks::nonEmptyText, "a non-empty string"),
                ParamChecks.oneOf(call.get("type"), at + ".type", true, List.of("function", "custom")))
                : ErrorAnswers.invalidParam(at, "'" + at + "' must be an object.");
        if (problem != null) {
            return problem;
        }
        String type = call.get("type").textValue();
        // a custom tool's call carries free-form input where a function's carries JSON arguments
        return called(call.get(type), at + "." + type, type.equals("function") ? "arguments" : "input");
    }

    /** The legacy {@code function_call} of an assistant message: a name and its arguments. */
    private static HttpAnswer functionCall(JsonNode call, String at) {
        return absent(call) ? null : called(call, at, "arguments");
    }

    private static HttpAnswer called(JsonNode function, String at, String payload) {
        HttpAnswer shape = required(function, at, JsonNode::isObject, "an object");
        return shape != null ? shape : firstNonNull(
                required(function.get("name"), at + ".name", ParamChecks::nonEmptyText, "a non-empty string"),
                required(function.get(payload), at + "." + payload, JsonNode::isTextual, "a string"));
    }

    private static boolean hasItems(JsonNode array) {
        return array != null && array.isArray() && !array.isEmpty();
    }
}
