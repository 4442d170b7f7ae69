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
 * </ul>
 */
final class GeminiRequestBuilder {

    private static final String PROVIDER = OpenAiToGemini.PROVIDER;

    private GeminiRequestBuilder() {
    }

    static ObjectNode build(ChatRequest request) throws RequestTranslationException {
        ObjectNode body = WireJson.object();
        body.set("contents", contents(request.messages()));
        ObjectNode system = systemInstruction(request.messages());
        if (system != null) {
            body.set("systemInstruction", system);
        }
        ObjectNode config = generationConfig(request);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        tools(request, body);
        return body;
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

    private static ObjectNode generationConfig(ChatRequest request) throws RequestTranslationException {
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
        if (request.presencePenalty() != null) {
            config.put("presencePenalty", request.presencePenalty());
        }
        if (request.frequencyPenalty() != null) {
            config.put("frequencyPenalty", request.frequencyPenalty());
        }
        if (request.seed() != null) {
            if (request.seed() < Integer.MIN_VALUE || request.seed() > Integer.MAX_VALUE) {
                throw new RequestTranslationException("seed must fit in 32 bits for " + PROVIDER, "seed");
            }
            config.put("seed", request.seed().intValue());
        }
        if (request.reasoningEffort() != null) {
            throw new RequestTranslationException("reasoning_effort is not supported for " + PROVIDER, "reasoning_effort");
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
                declaration.set("parameters", definition.parameters());
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
}
