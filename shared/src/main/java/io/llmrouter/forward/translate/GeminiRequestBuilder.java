package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.translate.ChatRequest.ChatMessage;
import io.llmrouter.forward.translate.ChatRequest.ContentPart;
import io.llmrouter.forward.translate.ChatRequest.Image;
import io.llmrouter.forward.translate.ChatRequest.Role;
import io.llmrouter.forward.translate.ChatRequest.Text;
import io.llmrouter.forward.translate.ChatRequest.ToolCall;
import io.llmrouter.forward.translate.ChatRequest.ToolDefinition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a Gemini {@code GenerateContentRequest} from a {@link ChatRequest}.
 *
 * <ul>
 *   <li>System and developer messages become {@code systemInstruction}, one text part each.</li>
 *   <li>user stays user, assistant becomes model; consecutive turns of one role are merged.</li>
 *   <li>A tool message becomes a user turn with a {@code functionResponse} part. Gemini matches
 *       responses to calls by function name, which OpenAI tool messages lack: the name is taken from
 *       the earlier assistant tool call with the same id.</li>
 *   <li>Images must be inline ({@code data:} URLs): Gemini does not fetch arbitrary URLs.</li>
 *   <li>{@code user} and {@code parallel_tool_calls} have no Gemini equivalent and are dropped;
 *       neither changes the answer.</li>
 *   <li>Tool parameters go as {@code parametersJsonSchema}, which takes JSON Schema as OpenAI clients
 *       write it; {@code parameters} takes only Gemini's OpenAPI subset ({@code Schema}), without
 *       {@code additionalProperties}, {@code $ref} or {@code const}.</li>
 *   <li>{@code presence_penalty} and {@code frequency_penalty} reach only Gemini 1.x and 2.0 models:
 *       later models answer 400 "Penalty is not enabled for this model". For them a non-zero penalty is
 *       left out and named in {@link Built#droppedParams()}; a zero one (a no-op) is left out silently.</li>
 *   <li>{@code reasoning_effort} becomes {@code generationConfig.thinkingConfig}, by the model name:
 *       see {@link #thinkingConfig}.</li>
 * </ul>
 */
final class GeminiRequestBuilder {

    private static final String PROVIDER = OpenAiToGemini.PROVIDER;

    /** {@code gemini-<major>[.<minor>]...}: the model's generation, when its name says it. */
    private static final Pattern VERSION = Pattern.compile("^gemini-(\\d{1,4})(?:\\.(\\d{1,4}))?(?:-|$)");

    /** Thinking budgets (tokens) of the Gemini 2.5 models for each effort; see {@link #thinkingConfig}. */
    private static final int BUDGET_MINIMAL = 512;
    private static final int BUDGET_LOW = 1024;
    private static final int BUDGET_MEDIUM = 8192;
    private static final int BUDGET_HIGH = 24576;
    private static final int BUDGET_PRO_MIN = 128;
    private static final int BUDGET_PRO_MAX = 32768;

    private GeminiRequestBuilder() {
    }

    /**
     * The request body, and the client's parameters left out because the model no longer takes them.
     */
    record Built(ObjectNode body, List<String> droppedParams) {

        Built {
            droppedParams = List.copyOf(droppedParams);
        }
    }

    /**
     * @param model the upstream model id ({@code gemini-2.5-flash}), without {@code models/}: it chooses
     *              the thinking form and whether penalties are sent
     */
    static Built build(ChatRequest request, String model) throws RequestTranslationException {
        List<String> dropped = new ArrayList<>();
        ObjectNode body = WireJson.object();
        body.set("contents", contents(request.messages()));
        ObjectNode system = systemInstruction(request.messages());
        if (system != null) {
            body.set("systemInstruction", system);
        }
        ObjectNode config = generationConfig(request, model, dropped);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        tools(request, body);
        return new Built(body, dropped);
    }

    private static ObjectNode systemInstruction(List<ChatMessage> messages) {
        ArrayNode parts = WireJson.array();
        for (ChatMessage message : messages) {
            if (message.role() == Role.SYSTEM) {
                StringBuilder text = new StringBuilder();
                message.content().forEach(part -> text.append(((Text) part).text()));
                if (!text.isEmpty()) {
                    parts.addObject().put("text", text.toString());
                }
            }
        }
        if (parts.isEmpty()) {
            return null;
        }
        ObjectNode system = WireJson.object();
        system.set("parts", parts);
        return system;
    }

    private static ArrayNode contents(List<ChatMessage> messages) throws RequestTranslationException {
        Map<String, String> functionNameByCallId = new HashMap<>();
        List<ObjectNode> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "model" : "user";
            ArrayNode parts = parts(message, functionNameByCallId);
            if (parts.isEmpty()) {
                continue;
            }
            ObjectNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.path("role").asText().equals(role)) {
                ((ArrayNode) last.get("parts")).addAll(parts);
            } else {
                ObjectNode turn = WireJson.object();
                turn.put("role", role);
                turn.set("parts", parts);
                turns.add(turn);
            }
        }
        if (turns.isEmpty()) {
            throw new RequestTranslationException(
                    "messages must hold at least one non-empty user or assistant message", "messages");
        }
        ArrayNode contents = WireJson.array();
        contents.addAll(turns);
        return contents;
    }

    private static ArrayNode parts(ChatMessage message, Map<String, String> functionNameByCallId)
            throws RequestTranslationException {
        ArrayNode parts = WireJson.array();
        if (message.role() == Role.TOOL) {
            parts.addObject().set("functionResponse", functionResponse(message, functionNameByCallId));
            return parts;
        }
        for (ContentPart part : message.content()) {
            switch (part) {
                case Text text when text.text().isEmpty() -> {
                    // nothing to send
                }
                case Text text -> parts.addObject().put("text", text.text());
                case Image image -> parts.addObject().set("inlineData", inlineData(image));
            }
        }
        for (ToolCall call : message.toolCalls()) {
            functionNameByCallId.put(call.id(), call.name());
            ObjectNode part = parts.addObject();
            ObjectNode functionCall = part.putObject("functionCall");
            functionCall.put("name", call.name());
            functionCall.set("args", call.arguments());
            String signature = ThoughtSignatures.signatureIn(call.id());
            if (signature != null) {
                part.put("thoughtSignature", signature);
            }
        }
        return parts;
    }

    private static ObjectNode functionResponse(ChatMessage message, Map<String, String> functionNameByCallId)
            throws RequestTranslationException {
        String name = functionNameByCallId.get(message.toolCallId());
        if (name == null) {
            throw new RequestTranslationException(message.path() + ".tool_call_id \"" + message.toolCallId()
                    + "\" matches no earlier assistant tool call", message.path() + ".tool_call_id");
        }
        StringBuilder text = new StringBuilder();
        message.content().forEach(part -> text.append(((Text) part).text()));
        ObjectNode response = WireJson.object();
        response.put("name", name);
        response.set("response", functionOutput(text.toString()));
        return response;
    }

    /**
     * Gemini wants the function's result as a JSON object. A tool result that is a JSON object is sent
     * as it is; anything else (plain text, a number, an array) goes under {@code "output"}, the key
     * Gemini's documentation suggests for results.
     */
    private static JsonNode functionOutput(String text) {
        try {
            JsonNode parsed = WireJson.MAPPER.readTree(text);
            if (parsed != null && parsed.isObject()) {
                return parsed;
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // plain text: wrapped below
        }
        ObjectNode wrapped = WireJson.object();
        wrapped.put("output", text);
        return wrapped;
    }

    private static ObjectNode inlineData(Image image) throws RequestTranslationException {
        if (!image.isInline()) {
            throw new RequestTranslationException(image.path() + ": image URLs are not supported for " + PROVIDER
                    + ": send the image inline as a data:<media type>;base64,<data> URL", image.path());
        }
        ObjectNode inline = WireJson.object();
        inline.put("mimeType", image.mediaType());
        inline.put("data", image.base64Data());
        return inline;
    }

    private static ObjectNode generationConfig(ChatRequest request, String model, List<String> dropped)
            throws RequestTranslationException {
        ObjectNode config = WireJson.object();
        if (request.maxTokens() != null) {
            config.put("maxOutputTokens", request.maxTokens());
        }
        if (request.temperature() != null) {
            config.put("temperature", request.temperature());
        }
        if (request.topP() != null) {
            config.put("topP", request.topP());
        }
        if (!request.stop().isEmpty()) {
            ArrayNode stop = config.putArray("stopSequences");
            request.stop().forEach(stop::add);
        }
        penalty(config, "presencePenalty", "presence_penalty", request.presencePenalty(), model, dropped);
        penalty(config, "frequencyPenalty", "frequency_penalty", request.frequencyPenalty(), model, dropped);
        if (request.seed() != null) {
            if (request.seed() < Integer.MIN_VALUE || request.seed() > Integer.MAX_VALUE) {
                throw new RequestTranslationException("seed must fit in 32 bits for " + PROVIDER, "seed");
            }
            config.put("seed", request.seed().intValue());
        }
        if (request.reasoningEffort() != null) {
            config.set("thinkingConfig", thinkingConfig(request.reasoningEffort(), model));
        }
        if ("json_object".equals(request.responseFormat())) {
            config.put("responseMimeType", "application/json");
        } else if ("json_schema".equals(request.responseFormat())) {
            config.put("responseMimeType", "application/json");
            if (request.jsonSchema() != null) { // without its schema, a JSON schema format asks for JSON alone
                config.set("responseJsonSchema", request.jsonSchema());
            }
        }
        return config;
    }

    private static void tools(ChatRequest request, ObjectNode body) {
        ChatRequest.ToolChoice choice = request.toolChoice();
        if (request.tools().isEmpty()) {
            return; // a tool_choice of auto or none means nothing without tools
        }
        ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
        for (ToolDefinition definition : request.tools()) {
            ObjectNode declaration = declarations.addObject();
            declaration.put("name", definition.name());
            if (definition.description() != null) {
                declaration.put("description", definition.description());
            }
            if (definition.parameters() != null) {
                declaration.set("parametersJsonSchema", definition.parameters());
            }
        }
        if (choice == null) {
            return;
        }
        ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig");
        switch (choice.mode()) {
            case AUTO -> config.put("mode", "AUTO");
            case NONE -> config.put("mode", "NONE");
            case REQUIRED -> config.put("mode", "ANY");
            case FUNCTION -> {
                config.put("mode", "ANY");
                config.putArray("allowedFunctionNames").add(choice.functionName());
            }
        }
    }

    /** A penalty, sent only to the models that take one (1.x, 2.0); see the class comment. */
    private static void penalty(ObjectNode config, String geminiName, String openAiName, Double value, String model,
                                List<String> dropped) {
        if (value == null) {
            return;
        }
        int[] version = version(model);
        boolean takesPenalties = version != null && (version[0] < 2 || version[0] == 2 && version[1] == 0);
        if (takesPenalties) {
            config.put(geminiName, value);
        } else if (value != 0) {
            dropped.add(openAiName);
        }
    }

    /**
     * {@code reasoning_effort} as Gemini's {@code thinkingConfig}, chosen by the model name:
     * <ul>
     *   <li>Gemini 3 and later ({@code gemini-3...}) take a {@code thinkingLevel}: none and minimal are
     *       MINIMAL (Gemini 3 cannot stop thinking), low LOW, medium MEDIUM, high and xhigh HIGH. Pro
     *       models think at least LOW (none and minimal become LOW), and {@code gemini-3-pro} (3.0) knows
     *       only LOW and HIGH (medium becomes HIGH).</li>
     *   <li>Gemini 2.5, and names without a version ({@code gemini-flash-latest}), take a
     *       {@code thinkingBudget} in tokens, which Gemini 3 still accepts: none 0 (no thinking),
     *       minimal 512, low 1024, medium 8192, high and xhigh 24576. Pro models cannot stop thinking
     *       and allow more: none is 128 (their least), xhigh 32768 (their most).</li>
     *   <li>Gemini 1.x and 2.0 do not think: the request is refused.</li>
     * </ul>
     * Efforts other than none, minimal, low, medium, high and xhigh are refused.
     */
    static ObjectNode thinkingConfig(String effort, String model) throws RequestTranslationException {
        if (!List.of("none", "minimal", "low", "medium", "high", "xhigh").contains(effort)) {
            throw new RequestTranslationException("reasoning_effort \"" + effort + "\" is not one of none, minimal, "
                    + "low, medium, high, xhigh", "reasoning_effort");
        }
        int[] version = version(model);
        boolean pro = model.contains("-pro");
        ObjectNode thinking = WireJson.object();
        if (version != null && version[0] >= 3) {
            String level = switch (effort) {
                case "none", "minimal" -> pro ? "LOW" : "MINIMAL";
                case "low" -> "LOW";
                case "medium" -> pro && version[0] == 3 && version[1] == 0 ? "HIGH" : "MEDIUM";
                default -> "HIGH";
            };
            thinking.put("thinkingLevel", level);
            return thinking;
        }
        if (version != null && (version[0] < 2 || version[0] == 2 && version[1] < 5)) {
            throw new RequestTranslationException("reasoning_effort is not supported for " + PROVIDER + " model "
                    + model + ": it does not think (Gemini 2.5 and later do)", "reasoning_effort");
        }
        int budget = switch (effort) {
            case "none" -> pro ? BUDGET_PRO_MIN : 0;
            case "minimal" -> BUDGET_MINIMAL;
            case "low" -> BUDGET_LOW;
            case "medium" -> BUDGET_MEDIUM;
            case "high" -> BUDGET_HIGH;
            default -> pro ? BUDGET_PRO_MAX : BUDGET_HIGH;
        };
        thinking.put("thinkingBudget", budget);
        return thinking;
    }

    /** {major, minor} from a {@code gemini-X[.Y]} model id, or null when the name carries no version. */
    private static int[] version(String model) {
        Matcher matcher = VERSION.matcher(model);
        if (!matcher.find()) {
            return null;
        }
        return new int[] {Integer.parseInt(matcher.group(1)),
                matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2))};
    }
}
