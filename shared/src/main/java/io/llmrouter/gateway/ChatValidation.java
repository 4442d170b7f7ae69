package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.llmrouter.gateway.ParamChecks.absent;
import static io.llmrouter.gateway.ParamChecks.firstIn;
import static io.llmrouter.gateway.ParamChecks.firstNonNull;
import static io.llmrouter.gateway.ParamChecks.oneOf;
import static io.llmrouter.gateway.ParamChecks.optional;
import static io.llmrouter.gateway.ParamChecks.optionalArray;
import static io.llmrouter.gateway.ParamChecks.required;

/**
 * A chat completion request against OpenAI's documented Chat Completions contract, whatever the
 * target: the request's fields here, each message in {@link MessageValidation}. This is the one place
 * a chat request's fields are checked. The translators to other providers take what passes as given
 * and refuse only what their provider cannot do, so a malformed field gets the same answer whichever
 * targets the model has. Fields unknown here are left for the target.
 */
final class ChatValidation {

    /** OpenAI's {@code reasoning_effort} values, each provider's translator maps them to its own. */
    static final List<String> REASONING_EFFORTS = List.of("none", "minimal", "low", "medium", "high", "xhigh");

    private ChatValidation() {
    }

    static HttpAnswer problemIn(ObjectNode request) {
        JsonNode model = request.get("model");
        if (absent(model)) {
            return ErrorAnswers.missingParam("model", "You must provide a model parameter.");
        }
        if (!model.isTextual() || model.asText().isBlank()) {
            return ErrorAnswers.invalidParam("model", "'model' must be a non-empty string.");
        }
        JsonNode messages = request.get("messages");
        if (absent(messages)) {
            return ErrorAnswers.missingParam("messages", "You must provide a messages parameter.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            return ErrorAnswers.invalidParam("messages", "'messages' must be a non-empty array.");
        }
        HttpAnswer message = firstIn(messages, "messages", MessageValidation::problemIn);
        return message != null ? message : firstNonNull(
                ParamChecks.bool(request.get("stream"), "stream"),
                ParamChecks.streamOptions(request.get("stream_options")),
                ParamChecks.tokens(request.get("max_tokens"), "max_tokens"),
                ParamChecks.tokens(request.get("max_completion_tokens"), "max_completion_tokens"),
                ParamChecks.number(request.get("temperature"), "temperature", 0, 2),
                ParamChecks.number(request.get("top_p"), "top_p", 0, 1),
                ParamChecks.number(request.get("presence_penalty"), "presence_penalty", -2, 2),
                ParamChecks.number(request.get("frequency_penalty"), "frequency_penalty", -2, 2),
                ParamChecks.choices(request.get("n")),
                ParamChecks.stop(request.get("stop")),
                ParamChecks.string(request.get("user"), "user"),
                optional(request.get("seed"), "seed", v -> v.isIntegralNumber() && v.canConvertToLong(),
                        "a 64-bit integer"),
                ParamChecks.bool(request.get("logprobs"), "logprobs"),
                ParamChecks.integer(request.get("top_logprobs"), "top_logprobs", 0, 20),
                ParamChecks.object(request.get("logit_bias"), "logit_bias"),
                oneOf(request.get("reasoning_effort"), "reasoning_effort", false, REASONING_EFFORTS),
                optional(request.get("modalities"), "modalities", ParamChecks::allText, "an array of strings"),
                ParamChecks.object(request.get("audio"), "audio"),
                ParamChecks.object(request.get("prediction"), "prediction"),
                ParamChecks.object(request.get("web_search_options"), "web_search_options"),
                optionalArray(request.get("tools"), "tools", "an array of tools", ChatValidation::tool),
                toolChoice(request.get("tool_choice"), request.get("tools")),
                ParamChecks.bool(request.get("parallel_tool_calls"), "parallel_tool_calls"),
                optionalArray(request.get("functions"), "functions", "an array of functions", ChatValidation::function),
                functionChoice(request.get("function_call")),
                responseFormat(request.get("response_format")));
    }

    /** A {@code function} tool (a function definition) or a {@code custom} tool (a name and free-form input). */
    private static HttpAnswer tool(JsonNode tool, String at) {
        if (!tool.isObject()) {
            return ErrorAnswers.invalidParam(at, "'" + at + "' must be an object.");
        }
        HttpAnswer type = oneOf(tool.get("type"), at + ".type", true, List.of("function", "custom"));
        if (type != null) {
            return type;
        }
        return tool.get("type").textValue().equals("function") ? function(tool.get("function"), at + ".function")
                : named(tool.get("custom"), at + ".custom");
    }

    /** A function definition: of a function tool, or one of the legacy {@code functions}. */
    private static HttpAnswer function(JsonNode function, String at) {
        HttpAnswer shape = required(function, at, JsonNode::isObject, "an object");
        return shape != null ? shape : firstNonNull(
                required(function.get("name"), at + ".name", ParamChecks::name,
                        "1 to 64 letters, digits, underscores or dashes"),
                ParamChecks.string(function.get("description"), at + ".description"),
                ParamChecks.object(function.get("parameters"), at + ".parameters"),
                ParamChecks.bool(function.get("strict"), at + ".strict"));
    }

    /** An object with a non-empty {@code name}: a custom tool, or the tool a choice names. */
    private static HttpAnswer named(JsonNode value, String at) {
        HttpAnswer shape = required(value, at, JsonNode::isObject, "an object");
        return shape != null ? shape
                : required(value.get("name"), at + ".name", ParamChecks::nonEmptyText, "a non-empty string");
    }

    /**
     * none, auto, required, or an object: a named function or custom tool, or allowed_tools (a mode and
     * the tools allowed). Anything but none and auto asks for a call, which needs tools to call.
     */
    private static HttpAnswer toolChoice(JsonNode choice, JsonNode tools) {
        if (absent(choice)) {
            return null;
        }
        if (choice.isTextual()) {
            HttpAnswer mode = oneOf(choice, "tool_choice", true, List.of("none", "auto", "required"));
            return mode != null || !choice.textValue().equals("required") ? mode : needsTools(tools);
        }
        if (!choice.isObject()) {
            return ErrorAnswers.invalidParam("tool_choice", "'tool_choice' must be none, auto, required or an "
                    + "object naming a tool.");
        }
        HttpAnswer problem = oneOf(choice.get("type"), "tool_choice.type", true,
                List.of("function", "custom", "allowed_tools"));
        if (problem != null) {
            return problem;
        }
        String type = choice.get("type").textValue();
        JsonNode value = choice.get(type);
        String at = "tool_choice." + type;
        problem = type.equals("allowed_tools") ? allowedTools(value, at) : named(value, at);
        return problem != null ? problem : needsTools(tools);
    }

    private static HttpAnswer allowedTools(JsonNode allowed, String at) {
        HttpAnswer shape = required(allowed, at, JsonNode::isObject, "an object with a mode and tools");
        return shape != null ? shape : firstNonNull(
                oneOf(allowed.get("mode"), at + ".mode", true, List.of("auto", "required")),
                required(allowed.get("tools"), at + ".tools", JsonNode::isArray, "an array"));
    }

    private static HttpAnswer needsTools(JsonNode tools) {
        return tools != null && tools.isArray() && !tools.isEmpty() ? null : ErrorAnswers.invalidParam(
                "tool_choice", "'tool_choice' asks for a tool call, which needs 'tools'.");
    }

    /** The legacy {@code function_call}: none, auto, or {@code {"name": ...}}. */
    private static HttpAnswer functionChoice(JsonNode choice) {
        if (absent(choice)) {
            return null;
        }
        return choice.isObject() ? required(choice.get("name"), "function_call.name", ParamChecks::nonEmptyText,
                "a non-empty string") : oneOf(choice, "function_call", true, List.of("none", "auto"));
    }

    /** text, json_object, or json_schema with a named format whose schema, when given, is an object. */
    private static HttpAnswer responseFormat(JsonNode format) {
        if (absent(format)) {
            return null;
        }
        if (!format.isObject()) {
            return ErrorAnswers.invalidParam("response_format", "'response_format' must be an object with a type.");
        }
        HttpAnswer type = oneOf(format.get("type"), "response_format.type", true,
                List.of("text", "json_object", "json_schema"));
        if (type != null || !format.get("type").textValue().equals("json_schema")) {
            return type;
        }
        JsonNode schema = format.get("json_schema");
        String at = "response_format.json_schema";
        HttpAnswer shape = required(schema, at, JsonNode::isObject, "an object with the format's name and schema");
        return shape != null ? shape : firstNonNull(
                required(schema.get("name"), at + ".name", ParamChecks::name,
                        "1 to 64 letters, digits, underscores or dashes"),
                ParamChecks.string(schema.get("description"), at + ".description"),
                ParamChecks.object(schema.get("schema"), at + ".schema"),
                ParamChecks.bool(schema.get("strict"), at + ".strict"));
    }
}
