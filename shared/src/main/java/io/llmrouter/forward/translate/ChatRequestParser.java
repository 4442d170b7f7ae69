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
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps an OpenAI Chat Completions request into a {@link ChatRequest} for a provider with another
 * schema. The request has passed the gateway's check of OpenAI's contract (shapes, roles, ranges,
 * required fields), so this class refuses only what is valid for OpenAI but has no equivalent here,
 * naming the field: parameters that change the answer ({@code n > 1}, {@code logprobs},
 * {@code logit_bias}, audio) fail the request instead of being dropped, and so do the legacy functions
 * API, tools other than functions, content parts other than text and images, and image URLs that are
 * neither http(s) nor base64 data. Fields that only matter to OpenAI's own service ({@code store},
 * {@code metadata}, {@code service_tier}) and fields unknown here are ignored.
 *
 * <p>Whoever calls a translator without the gateway in front and passes something that is not a valid
 * request still gets a {@link RequestTranslationException}, with a short generic message: every node
 * is read through {@link #expect} before it is used.
 */
final class ChatRequestParser {

    /** {@code data:<media type>;base64,<data>}, the only inline form the providers take. */
    private static final Pattern DATA_URL = Pattern.compile("^data:([\\w.+-]+/[\\w.+-]+);base64,(.+)$", Pattern.DOTALL);
    private static final String LEGACY_FUNCTIONS = "the legacy functions API is not translated; use tools and tool_choice";

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
        expect(request, JsonNode::isObject);
        rejectUnsupported(request);
        JsonNode maxTokens = optional(request, "max_completion_tokens", JsonNode::isInt);
        if (maxTokens == null) {
            maxTokens = optional(request, "max_tokens", JsonNode::isInt);
        }
        JsonNode format = optional(request, "response_format", JsonNode::isObject);
        String responseFormat = format == null ? null : string(format.get("type"));
        JsonNode jsonSchema = format == null ? null : optional(format.path("json_schema"), "schema", JsonNode::isObject);
        JsonNode stream = optional(request, "stream", JsonNode::isBoolean);
        JsonNode parallelToolCalls = optional(request, "parallel_tool_calls", JsonNode::isBoolean);
        JsonNode user = optional(request, "user", JsonNode::isTextual);
        JsonNode seed = optional(request, "seed", v -> v.isIntegralNumber() && v.canConvertToLong());
        JsonNode reasoningEffort = optional(request, "reasoning_effort", JsonNode::isTextual);
        return new ChatRequest(
                messages(expect(request.get("messages"), JsonNode::isArray)),
                maxTokens == null ? null : maxTokens.intValue(),
                number(request, "temperature"),
                number(request, "top_p"),
                stop(request.get("stop")),
                stream != null && stream.booleanValue(),
                tools(request.get("tools")),
                toolChoice(request.get("tool_choice")),
                parallelToolCalls == null ? null : parallelToolCalls.booleanValue(),
                user == null ? null : user.textValue(),
                seed == null ? null : seed.longValue(),
                number(request, "presence_penalty"),
                number(request, "frequency_penalty"),
                responseFormat,
                "json_schema".equals(responseFormat) ? jsonSchema : null,
                reasoningEffort == null ? null : reasoningEffort.textValue());
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
            throw unsupported(isSet(request.get("functions")) ? "functions" : "function_call", LEGACY_FUNCTIONS);
        }
        for (String field : List.of("audio", "prediction", "web_search_options")) {
            if (isSet(request.get(field))) {
                throw unsupported(field, "it has no equivalent");
            }
        }
        JsonNode modalities = request.get("modalities");
        if (isSet(modalities) && !(modalities.isArray() && modalities.size() == 1
                && "text".equals(modalities.get(0).asText()))) {
            throw unsupported("modalities", "only text output is supported");
        }
    }

    private List<ChatMessage> messages(JsonNode messages) throws RequestTranslationException {
        List<ChatMessage> result = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            result.add(message(expect(messages.get(i), JsonNode::isObject), "messages[" + i + "]"));
        }
        return result;
    }

    private ChatMessage message(JsonNode message, String path) throws RequestTranslationException {
        Role role = switch (string(message.get("role"))) {
            case "system", "developer" -> Role.SYSTEM;
            case "user" -> Role.USER;
            case "assistant" -> Role.ASSISTANT;
            case "tool" -> Role.TOOL;
            case "function" -> throw new RequestTranslationException(path + ": the legacy function role is not "
                    + "translated for " + provider + "; use tool messages", path + ".role");
            default -> throw notAChatRequest();
        };
        if (role == Role.ASSISTANT && isSet(message.get("function_call"))) {
            throw unsupported(path + ".function_call", LEGACY_FUNCTIONS);
        }
        List<ToolCall> toolCalls = role == Role.ASSISTANT ? toolCalls(message.get("tool_calls"), path) : List.of();
        List<ContentPart> parts = content(message.get("content"), path + ".content", role);
        String toolCallId = role == Role.TOOL ? string(message.get("tool_call_id")) : null;
        return new ChatMessage(role, parts, toolCalls, toolCallId, path);
    }

    /** Absent content is an assistant turn of only calls, or an empty message, which the builders drop. */
    private List<ContentPart> content(JsonNode content, String path, Role role) throws RequestTranslationException {
        if (!isSet(content)) {
            return List.of();
        }
        if (content.isTextual()) {
            return List.of(new Text(content.textValue()));
        }
        List<ContentPart> parts = new ArrayList<>();
        for (JsonNode part : expect(content, JsonNode::isArray)) {
            parts.add(part(expect(part, JsonNode::isObject), path + "[" + parts.size() + "]", role));
        }
        return parts;
    }

    private ContentPart part(JsonNode part, String path, Role role) throws RequestTranslationException {
        String type = part.path("type").asText("");
        return switch (type) {
            // a refusal is an earlier assistant turn sent back as history: its text is what was said
            case "text", "refusal" -> new Text(string(part.get(type)));
            // the builders take images from user turns only, where OpenAI's contract allows them
            case "image_url" -> {
                if (role != Role.USER) {
                    throw notAChatRequest();
                }
                yield image(part.get("image_url"), path + ".image_url");
            }
            default -> throw new RequestTranslationException(path + ": content part type \"" + type
                    + "\" is not supported for " + provider + " (text and image_url are)", path + ".type");
        };
    }

    private Image image(JsonNode imageUrl, String path) throws RequestTranslationException {
        String url = string(expect(imageUrl, JsonNode::isObject).get("url"));
        if (url.startsWith("data:")) {
            Matcher m = DATA_URL.matcher(url);
            if (!m.matches()) {
                throw new RequestTranslationException(path + ".url: a data URL must be data:<media type>;base64,<data>"
                        + " for " + provider, path + ".url");
            }
            return new Image(m.group(1), m.group(2), null, path + ".url");
        }
        if (url.startsWith("https://") || url.startsWith("http://")) {
            return new Image(null, null, url, path + ".url");
        }
        throw new RequestTranslationException(path + ".url must be an http(s) URL or a base64 data URL for "
                + provider, path + ".url");
    }

    private List<ToolCall> toolCalls(JsonNode calls, String path) throws RequestTranslationException {
        if (!isSet(calls)) {
            return List.of();
        }
        List<ToolCall> result = new ArrayList<>();
        for (JsonNode call : expect(calls, JsonNode::isArray)) {
            String callPath = path + ".tool_calls[" + result.size() + "]";
            expect(call, JsonNode::isObject);
            if (!string(call.get("type")).equals("function")) {
                throw new RequestTranslationException(callPath + ": only function tool calls are supported for "
                        + provider, callPath + ".type");
            }
            JsonNode function = expect(call.get("function"), JsonNode::isObject);
            result.add(new ToolCall(string(call.get("id")), string(function.get("name")),
                    arguments(string(function.get("arguments")), callPath + ".function.arguments")));
        }
        return result;
    }

    /**
     * Tool-call arguments come as a string, which OpenAI takes as the model wrote it; the providers want
     * a JSON object, so anything else cannot be sent back to them. Blank means no arguments.
     */
    private ObjectNode arguments(String arguments, String path) throws RequestTranslationException {
        if (arguments.isBlank()) {
            return WireJson.object();
        }
        try {
            JsonNode parsed = WireJson.MAPPER.readTree(arguments);
            if (!parsed.isObject()) {
                throw new RequestTranslationException(path + " must be a JSON object for " + provider, path);
            }
            return (ObjectNode) parsed;
        } catch (JsonProcessingException e) {
            throw new RequestTranslationException(path + " is not valid JSON, which " + provider + " needs: "
                    + e.getOriginalMessage(), path);
        }
    }

    private List<ToolDefinition> tools(JsonNode tools) throws RequestTranslationException {
        if (!isSet(tools)) {
            return List.of();
        }
        List<ToolDefinition> result = new ArrayList<>();
        for (JsonNode tool : expect(tools, JsonNode::isArray)) {
            String path = "tools[" + result.size() + "]";
            expect(tool, JsonNode::isObject);
            if (!string(tool.get("type")).equals("function")) {
                throw new RequestTranslationException(path + ": only function tools are supported for " + provider,
                        path + ".type");
            }
            JsonNode function = expect(tool.get("function"), JsonNode::isObject);
            JsonNode description = optional(function, "description", JsonNode::isTextual);
            JsonNode parameters = optional(function, "parameters", JsonNode::isObject);
            result.add(new ToolDefinition(string(function.get("name")),
                    description == null ? null : description.textValue(), (ObjectNode) parameters));
        }
        return result;
    }

    private ToolChoice toolChoice(JsonNode choice) throws RequestTranslationException {
        if (!isSet(choice)) {
            return null;
        }
        if (choice.isTextual()) {
            return switch (choice.textValue()) {
                case "auto" -> new ToolChoice(ToolChoice.Mode.AUTO, null);
                case "none" -> new ToolChoice(ToolChoice.Mode.NONE, null);
                case "required" -> new ToolChoice(ToolChoice.Mode.REQUIRED, null);
                default -> throw notAChatRequest();
            };
        }
        if (!string(expect(choice, JsonNode::isObject).get("type")).equals("function")) {
            // custom tools and allowed_tools: no tools but functions reach the provider
            throw unsupported("tool_choice", "only none, auto, required or a named function can be chosen");
        }
        JsonNode function = expect(choice.get("function"), JsonNode::isObject);
        return new ToolChoice(ToolChoice.Mode.FUNCTION, string(function.get("name")));
    }

    private static List<String> stop(JsonNode stop) throws RequestTranslationException {
        if (!isSet(stop)) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.textValue());
        }
        List<String> result = new ArrayList<>();
        for (JsonNode each : expect(stop, JsonNode::isArray)) {
            result.add(string(each));
        }
        return result;
    }

    private static Double number(JsonNode request, String field) throws RequestTranslationException {
        JsonNode value = optional(request, field, JsonNode::isNumber);
        return value == null ? null : value.doubleValue();
    }

    private RequestTranslationException unsupported(String field, String why) {
        return new RequestTranslationException(field + " is not supported for " + provider + ": " + why, field);
    }

    /** For a caller that skipped the gateway: the detail is the gateway's to give, not repeated here. */
    private static RequestTranslationException notAChatRequest() {
        return new RequestTranslationException("the request is not a valid chat completion request", null);
    }

    /** {@code node} when it is there and of the expected shape; otherwise not a chat request. */
    private static JsonNode expect(JsonNode node, Predicate<JsonNode> shape) throws RequestTranslationException {
        if (node == null || !shape.test(node)) {
            throw notAChatRequest();
        }
        return node;
    }

    /** The field when it is set, null when absent or JSON null; not a chat request when of another shape. */
    private static JsonNode optional(JsonNode parent, String field, Predicate<JsonNode> shape)
            throws RequestTranslationException {
        JsonNode value = parent.get(field);
        return isSet(value) ? expect(value, shape) : null;
    }

    private static String string(JsonNode node) throws RequestTranslationException {
        return expect(node, JsonNode::isTextual).textValue();
    }

    private static boolean isSet(JsonNode node) {
        return node != null && !node.isNull();
    }
}
