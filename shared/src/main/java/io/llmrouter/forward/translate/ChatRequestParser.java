package io.llmrouter.forward.translate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.translate.ChatRequest.ChatMessage;
import io.llmrouter.forward.translate.ChatRequest.ContentPart;
import io.llmrouter.forward.translate.ChatRequest.Image;
import io.llmrouter.forward.translate.ChatRequest.Role;
import io.llmrouter.forward.translate.ChatRequest.Text;
import io.llmrouter.forward.translate.ChatRequest.ToolCall;
import io.llmrouter.forward.translate.ChatRequest.ToolChoice;
import io.llmrouter.forward.translate.ChatRequest.ToolDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an OpenAI Chat Completions request into a {@link ChatRequest} for a provider with another
 * schema. Everything the client set either reaches the provider or is rejected here with the field
 * named: parameters that change the answer and have no equivalent ({@code n > 1}, {@code logprobs},
 * {@code logit_bias}, audio) fail the request instead of being dropped. Fields that only matter to
 * OpenAI's own service ({@code store}, {@code metadata}, {@code service_tier}) and fields unknown here
 * are ignored.
 */
final class ChatRequestParser {

    /** {@code data:<media type>;base64,<data>}, the only inline form the providers take. */
    private static final Pattern DATA_URL = Pattern.compile("^data:([\\w.+-]+/[\\w.+-]+);base64,(.+)$", Pattern.DOTALL);

    private final String provider;

    private ChatRequestParser(String provider) {
        this.provider = provider;
    }

    /**
     * @param provider the target provider's name, for error messages ("anthropic")
     */
    static ChatRequest parse(JsonNode request, String provider) throws RequestTranslationException {
        return new ChatRequestParser(provider).parse(request);
    }

    private ChatRequest parse(JsonNode request) throws RequestTranslationException {
        if (request == null || !request.isObject()) {
            throw new RequestTranslationException("the request body must be a JSON object", null);
        }
        rejectUnsupported(request);
        Integer maxTokens = positiveInt(request, "max_completion_tokens");
        if (maxTokens == null) {
            maxTokens = positiveInt(request, "max_tokens");
        }
        String responseFormat = responseFormatType(request);
        List<ToolDefinition> tools = tools(request.get("tools"));
        ToolChoice toolChoice = toolChoice(request.get("tool_choice"));
        if (tools.isEmpty() && toolChoice != null
                && (toolChoice.mode() == ToolChoice.Mode.REQUIRED || toolChoice.mode() == ToolChoice.Mode.FUNCTION)) {
            throw new RequestTranslationException("tool_choice needs tools", "tool_choice");
        }
        return new ChatRequest(
                messages(request.get("messages")),
                maxTokens,
                number(request, "temperature", 0, 2),
                number(request, "top_p", 0, 1),
                stop(request.get("stop")),
                bool(request, "stream", false),
                tools,
                toolChoice,
                optionalBool(request, "parallel_tool_calls"),
                text(request, "user"),
                integer(request, "seed"),
                number(request, "presence_penalty", -2, 2),
                number(request, "frequency_penalty", -2, 2),
                responseFormat,
                "json_schema".equals(responseFormat)
                        ? request.path("response_format").path("json_schema").path("schema") : null);
    }

    private void rejectUnsupported(JsonNode request) throws RequestTranslationException {
        JsonNode n = request.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.intValue() == 1)) {
            throw unsupported("n", "only one choice (n = 1) is supported");
        }
        JsonNode logprobs = request.get("logprobs");
        if (logprobs != null && logprobs.isBoolean() && logprobs.booleanValue()) {
            throw unsupported("logprobs", "log probabilities are not available");
        }
        if (isSet(request.get("top_logprobs"))) {
            throw unsupported("top_logprobs", "log probabilities are not available");
        }
        JsonNode logitBias = request.get("logit_bias");
        if (logitBias != null && logitBias.isObject() && !logitBias.isEmpty()) {
            throw unsupported("logit_bias", "token biases are not available");
        }
        if (isSet(request.get("functions")) || isSet(request.get("function_call"))) {
            throw unsupported(isSet(request.get("functions")) ? "functions" : "function_call",
                    "the legacy functions API is not translated; use tools and tool_choice");
        }
        for (String field : List.of("audio", "prediction", "web_search_options")) {
            if (isSet(request.get(field))) {
                throw unsupported(field, "it has no equivalent");
            }
        }
        if (isSet(request.get("reasoning_effort"))) {
            // Anthropic and Gemini size thinking in tokens, not in OpenAI's effort levels: no faithful mapping.
            throw unsupported("reasoning_effort", "reasoning effort levels have no equivalent");
        }
        JsonNode modalities = request.get("modalities");
        if (isSet(modalities) && !(modalities.isArray() && modalities.size() == 1
                && "text".equals(modalities.get(0).asText()))) {
            throw unsupported("modalities", "only text output is supported");
        }
    }

    private List<ChatMessage> messages(JsonNode messages) throws RequestTranslationException {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new RequestTranslationException("messages must be a non-empty array", "messages");
        }
        List<ChatMessage> result = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            result.add(message(messages.get(i), "messages[" + i + "]"));
        }
        return result;
    }

    private ChatMessage message(JsonNode message, String path) throws RequestTranslationException {
        if (!message.isObject()) {
            throw new RequestTranslationException(path + " must be an object", path);
        }
        String roleName = message.path("role").asText("");
        Role role = switch (roleName) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "tool" -> Role.TOOL;
            case "function" -> throw new RequestTranslationException(
                    path + ": the legacy function role is not translated; use tool messages", path + ".role");
            default -> throw new RequestTranslationException(
                    path + ".role must be system, developer, user, assistant or tool", path + ".role");
        };
        List<ToolCall> toolCalls = role == Role.ASSISTANT ? toolCalls(message.get("tool_calls"), path) : List.of();
        JsonNode content = message.get("content");
        boolean contentOptional = role == Role.ASSISTANT && !toolCalls.isEmpty();
        List<ContentPart> parts = content(content, path + ".content", role, contentOptional);
        String toolCallId = null;
        if (role == Role.TOOL) {
            toolCallId = text(message, "tool_call_id");
            if (toolCallId == null || toolCallId.isEmpty()) {
                throw new RequestTranslationException(path + ".tool_call_id is required for tool messages",
                        path + ".tool_call_id");
            }
        }
        return new ChatMessage(role, parts, toolCalls, toolCallId, path);
    }

    private List<ContentPart> content(JsonNode content, String path, Role role, boolean optional)
            throws RequestTranslationException {
        if (content == null || content.isNull()) {
            if (optional) {
                return List.of();
            }
            throw new RequestTranslationException(path + " is required", path);
        }
        if (content.isTextual()) {
            return List.of(new Text(content.textValue()));
        }
        if (!content.isArray()) {
            throw new RequestTranslationException(path + " must be a string or an array of content parts", path);
        }
        List<ContentPart> parts = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            parts.add(part(content.get(i), path + "[" + i + "]", role));
        }
        return parts;
    }

    private ContentPart part(JsonNode part, String path, Role role) throws RequestTranslationException {
        String type = part.path("type").asText("");
        switch (type) {
            case "text" -> {
                JsonNode text = part.get("text");
                if (text == null || !text.isTextual()) {
                    throw new RequestTranslationException(path + ".text must be a string", path + ".text");
                }
                return new Text(text.textValue());
            }
            case "refusal" -> {
                // an earlier assistant refusal, sent back as history: its text is what was said
                JsonNode refusal = part.get("refusal");
                if (role != Role.ASSISTANT || refusal == null || !refusal.isTextual()) {
                    throw new RequestTranslationException(path + ": a refusal part needs an assistant message and "
                            + "a refusal string", path);
                }
                return new Text(refusal.textValue());
            }
            case "image_url" -> {
                if (role != Role.USER) {
                    throw new RequestTranslationException(path + ": images are supported in user messages only", path);
                }
                return image(part.get("image_url"), path + ".image_url");
            }
            default -> throw new RequestTranslationException(
                    path + ": content part type \"" + type + "\" is not supported for " + provider
                            + " (text and image_url are)", path + ".type");
        }
    }

    private Image image(JsonNode imageUrl, String path) throws RequestTranslationException {
        JsonNode urlNode = imageUrl != null && imageUrl.isObject() ? imageUrl.get("url") : imageUrl;
        if (urlNode == null || !urlNode.isTextual()) {
            throw new RequestTranslationException(path + ".url must be a string", path + ".url");
        }
        String url = urlNode.textValue();
        if (url.startsWith("data:")) {
            Matcher m = DATA_URL.matcher(url);
            if (!m.matches()) {
                throw new RequestTranslationException(path + ".url: a data URL must be data:<media type>;base64,<data>",
                        path + ".url");
            }
            return new Image(m.group(1), m.group(2), null, path + ".url");
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            return new Image(null, null, url, path + ".url");
        }
        throw new RequestTranslationException(path + ".url must be an http(s) URL or a base64 data URL", path + ".url");
    }

    private List<ToolCall> toolCalls(JsonNode calls, String path) throws RequestTranslationException {
        if (calls == null || calls.isNull()) {
            return List.of();
        }
        if (!calls.isArray()) {
            throw new RequestTranslationException(path + ".tool_calls must be an array", path + ".tool_calls");
        }
        List<ToolCall> result = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            String callPath = path + ".tool_calls[" + i + "]";
            JsonNode call = calls.get(i);
            String type = call.path("type").asText("function");
            if (!type.equals("function")) {
                throw new RequestTranslationException(callPath + ": only function tool calls are supported",
                        callPath + ".type");
            }
            String id = text(call, "id");
            String name = text(call.path("function"), "name");
            if (id == null || id.isEmpty() || name == null || name.isEmpty()) {
                throw new RequestTranslationException(callPath + " needs an id and a function.name", callPath);
            }
            result.add(new ToolCall(id, name, arguments(call.path("function").get("arguments"),
                    callPath + ".function.arguments")));
        }
        return result;
    }

    /** Tool-call arguments come as a JSON string; the providers want the object itself. */
    private static ObjectNode arguments(JsonNode arguments, String path) throws RequestTranslationException {
        if (arguments == null || arguments.isNull()
                || (arguments.isTextual() && arguments.textValue().isBlank())) {
            return WireJson.object();
        }
        if (!arguments.isTextual()) {
            throw new RequestTranslationException(path + " must be a string of JSON", path);
        }
        try {
            JsonNode parsed = WireJson.MAPPER.readTree(arguments.textValue());
            if (!parsed.isObject()) {
                throw new RequestTranslationException(path + " must be a JSON object", path);
            }
            return (ObjectNode) parsed;
        } catch (JsonProcessingException e) {
            throw new RequestTranslationException(path + " is not valid JSON: " + e.getOriginalMessage(), path);
        }
    }

    private List<ToolDefinition> tools(JsonNode tools) throws RequestTranslationException {
        if (tools == null || tools.isNull()) {
            return List.of();
        }
        if (!tools.isArray()) {
            throw new RequestTranslationException("tools must be an array", "tools");
        }
        List<ToolDefinition> result = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            String path = "tools[" + i + "]";
            JsonNode tool = tools.get(i);
            if (!"function".equals(tool.path("type").asText())) {
                throw new RequestTranslationException(path + ": only function tools are supported for " + provider,
                        path + ".type");
            }
            JsonNode function = tool.path("function");
            String name = text(function, "name");
            if (name == null || name.isEmpty()) {
                throw new RequestTranslationException(path + ".function.name is required", path + ".function.name");
            }
            JsonNode parameters = function.get("parameters");
            if (parameters != null && !parameters.isNull() && !parameters.isObject()) {
                throw new RequestTranslationException(path + ".function.parameters must be a JSON Schema object",
                        path + ".function.parameters");
            }
            result.add(new ToolDefinition(name, text(function, "description"),
                    parameters == null || parameters.isNull() ? null : (ObjectNode) parameters));
        }
        return result;
    }

    private static ToolChoice toolChoice(JsonNode choice) throws RequestTranslationException {
        if (choice == null || choice.isNull()) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.textValue()) {
                case "auto" -> new ToolChoice(ToolChoice.Mode.AUTO, null);
                case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null);
                case "required" -> new ToolChoice(ToolChoice.Mode.REQUIRED, null);
                default -> throw new RequestTranslationException(
                        "tool_choice must be auto, none, required or a function", "tool_choice");
            };
        }
        String name = text(choice.path("function"), "name");
        if ("function".equals(choice.path("type").asText()) && name != null && !name.isEmpty()) {
            return new ToolChoice(ToolChoice.Mode.FUNCTION, name);
        }
        throw new RequestTranslationException("tool_choice must be auto, none, required or "
                + "{\"type\":\"function\",\"function\":{\"name\":...}}", "tool_choice");
    }

    private static List<String> stop(JsonNode stop) throws RequestTranslationException {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.textValue());
        }
        if (stop.isArray()) {
            List<String> result = new ArrayList<>();
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw new RequestTranslationException("stop must be a string or an array of strings", "stop");
                }
                result.add(s.textValue());
            }
            return result;
        }
        throw new RequestTranslationException("stop must be a string or an array of strings", "stop");
    }

    private static String responseFormatType(JsonNode request) throws RequestTranslationException {
        JsonNode format = request.get("response_format");
        if (format == null || format.isNull()) {
            return null;
        }
        String type = format.path("type").asText("");
        if (!List.of("text", "json_object", "json_schema").contains(type)) {
            throw new RequestTranslationException("response_format.type must be text, json_object or json_schema",
                    "response_format.type");
        }
        if (type.equals("json_schema") && !format.path("json_schema").path("schema").isObject()) {
            throw new RequestTranslationException("response_format.json_schema.schema must be an object",
                    "response_format.json_schema.schema");
        }
        return type;
    }

    private RequestTranslationException unsupported(String field, String why) {
        return new RequestTranslationException(field + " is not supported for " + provider + ": " + why, field);
    }

    private static boolean isSet(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static Integer positiveInt(JsonNode request, String field) throws RequestTranslationException {
        JsonNode value = request.get(field);
        if (!isSet(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw new RequestTranslationException(field + " must be a positive integer", field);
        }
        return value.intValue();
    }

    private static Long integer(JsonNode request, String field) throws RequestTranslationException {
        JsonNode value = request.get(field);
        if (!isSet(value)) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new RequestTranslationException(field + " must be an integer", field);
        }
        return value.longValue();
    }

    private static Double number(JsonNode request, String field, double min, double max)
            throws RequestTranslationException {
        JsonNode value = request.get(field);
        if (!isSet(value)) {
            return null;
        }
        if (!value.isNumber() || value.doubleValue() < min || value.doubleValue() > max) {
            throw new RequestTranslationException(field + " must be a number from " + format(min) + " to "
                    + format(max), field);
        }
        return value.doubleValue();
    }

    private static boolean bool(JsonNode request, String field, boolean absent) throws RequestTranslationException {
        Boolean value = optionalBool(request, field);
        return value == null ? absent : value;
    }

    private static Boolean optionalBool(JsonNode request, String field) throws RequestTranslationException {
        JsonNode value = request.get(field);
        if (!isSet(value)) {
            return null;
        }
        if (!value.isBoolean()) {
            throw new RequestTranslationException(field + " must be true or false", field);
        }
        return value.booleanValue();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
    }
}
