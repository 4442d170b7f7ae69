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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an Anthropic Messages API request body from a {@link ChatRequest}.
 *
 * <ul>
 *   <li>System and developer messages become the top-level {@code system} (Anthropic has no system
 *       role inside {@code messages}); several keep their order as separate text blocks.</li>
 *   <li>Consecutive messages of the same role are merged into one turn, since Anthropic expects
 *       user and assistant to alternate. Tool results travel in user turns, so a run of tool messages
 *       (and a user message after them) becomes one user turn, tool results first.</li>
 *   <li>Empty text is dropped: Anthropic rejects empty text blocks, and they carry nothing.</li>
 *   <li>{@code temperature} and {@code top_p} are left out and named in {@link Built#droppedParams()}:
 *       the Messages API (SDK 3.x, API version 2026-10-21) no longer defines sampling parameters.</li>
 *   <li>{@code response_format} json_schema becomes {@code output_config.format}; json_object has no
 *       equivalent (Anthropic's format needs a schema) and is refused.</li>
 *   <li>{@code reasoning_effort} becomes {@code output_config.effort} and adaptive thinking, as
 *       {@link #reasoning} says.</li>
 * </ul>
 */
final class AnthropicRequestBuilder {

    private static final String PROVIDER = OpenAiToAnthropic.PROVIDER;
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");

    private AnthropicRequestBuilder() {
    }

    /** OpenAI's reasoning_effort values and Anthropic's output_config.effort for each; none has no effort. */
    private static final Map<String, String> EFFORTS = Map.of(
            "minimal", "low", "low", "low", "medium", "medium", "high", "high", "xhigh", "xhigh");

    /** The body, and the client's parameters it leaves out because the API no longer takes them. */
    record Built(ObjectNode body, List<String> droppedParams) {

        Built {
            droppedParams = List.copyOf(droppedParams);
        }
    }

    static Built build(ChatRequest request, String model, int defaultMaxTokens)
            throws RequestTranslationException {
        rejectUnsupported(request);
        ObjectNode body = WireJson.object();
        body.put("model", model);
        body.put("max_tokens", request.maxTokens() != null ? request.maxTokens() : defaultMaxTokens);
        JsonNode system = system(request.messages());
        if (system != null) {
            body.set("system", system);
        }
        body.set("messages", messages(request.messages()));
        if (!request.stop().isEmpty()) {
            ArrayNode stop = body.putArray("stop_sequences");
            request.stop().forEach(stop::add);
        }
        List<String> dropped = new ArrayList<>();
        if (request.temperature() != null) {
            dropped.add("temperature");
        }
        if (request.topP() != null) {
            dropped.add("top_p");
        }
        if (request.stream()) {
            body.put("stream", true);
        }
        if (request.user() != null) {
            body.putObject("metadata").put("user_id", request.user());
        }
        tools(request, body);
        if ("json_schema".equals(request.responseFormat())) {
            ObjectNode format = outputConfig(body).putObject("format");
            format.put("type", "json_schema");
            format.set("schema", request.jsonSchema());
        }
        reasoning(request, body);
        return new Built(body, dropped);
    }

    /**
     * {@code reasoning_effort}: minimal and low are effort low (Anthropic's lowest), medium, high and
     * xhigh keep their name; each also turns on adaptive thinking, since a client that asks for an
     * effort asks for reasoning. Thinking stays off where Anthropic refuses it or cannot continue it: with
     * a tool_choice that forces a call (any or a named tool), and in a conversation that already has
     * assistant tool calls (a thinking turn with tool use must be sent back with its thinking blocks,
     * which the router's answers leave out). none sends neither: a model whose thinking is optional does
     * not think unless asked.
     */
    private static void reasoning(ChatRequest request, ObjectNode body) {
        String effort = request.reasoningEffort() == null ? null : EFFORTS.get(request.reasoningEffort());
        if (effort == null) {
            return;
        }
        outputConfig(body).put("effort", effort);
        ChatRequest.ToolChoice choice = request.toolChoice();
        boolean forcedTool = !request.tools().isEmpty() && choice != null
                && (choice.mode() == ChatRequest.ToolChoice.Mode.REQUIRED
                || choice.mode() == ChatRequest.ToolChoice.Mode.FUNCTION);
        boolean earlierToolCalls = request.messages().stream().anyMatch(m -> !m.toolCalls().isEmpty());
        if (!forcedTool && !earlierToolCalls) {
            body.putObject("thinking").put("type", "adaptive");
        }
    }

    private static ObjectNode outputConfig(ObjectNode body) {
        JsonNode config = body.get("output_config");
        return config instanceof ObjectNode object ? object : body.putObject("output_config");
    }

    private static void rejectUnsupported(ChatRequest request) throws RequestTranslationException {
        if (request.presencePenalty() != null && request.presencePenalty() != 0) {
            throw new RequestTranslationException("presence_penalty is not supported for " + PROVIDER,
                    "presence_penalty");
        }
        if (request.frequencyPenalty() != null && request.frequencyPenalty() != 0) {
            throw new RequestTranslationException("frequency_penalty is not supported for " + PROVIDER,
                    "frequency_penalty");
        }
        String format = request.responseFormat();
        if ("json_schema".equals(format) && request.jsonSchema() == null) {
            throw new RequestTranslationException("response_format json_schema needs json_schema.schema for "
                    + PROVIDER, "response_format.json_schema.schema");
        }
        if (format != null && !format.equals("text") && !format.equals("json_schema")) {
            throw new RequestTranslationException("response_format " + format + " is not supported for " + PROVIDER
                    + ": its structured outputs need a schema; use json_schema", "response_format");
        }
        String effort = request.reasoningEffort();
        if (effort != null && !effort.equals("none") && !EFFORTS.containsKey(effort)) {
            throw new RequestTranslationException("reasoning_effort " + effort + " is not supported for " + PROVIDER
                    + " (none, minimal, low, medium, high and xhigh are)", "reasoning_effort");
        }
        // seed is dropped on purpose: OpenAI itself treats it as a best-effort hint, and Anthropic has none.
    }

    /** One system message as a string, several as text blocks in order, none as null. */
    private static JsonNode system(List<ChatMessage> messages) {
        List<String> texts = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() == Role.SYSTEM) {
                StringBuilder text = new StringBuilder();
                for (ContentPart part : message.content()) {
                    text.append(((Text) part).text());
                }
                if (!text.isEmpty()) {
                    texts.add(text.toString());
                }
            }
        }
        if (texts.isEmpty()) {
            return null;
        }
        if (texts.size() == 1) {
            return WireJson.MAPPER.getNodeFactory().textNode(texts.get(0));
        }
        ArrayNode blocks = WireJson.array();
        texts.forEach(t -> blocks.add(textBlock(t)));
        return blocks;
    }

    private static ArrayNode messages(List<ChatMessage> messages) throws RequestTranslationException {
        List<Turn> turns = new ArrayList<>();
        for (ChatMessage message : messages) {
            if (message.role() == Role.SYSTEM) {
                continue;
            }
            String role = message.role() == Role.ASSISTANT ? "assistant" : "user";
            ArrayNode blocks = blocks(message);
            if (blocks.isEmpty()) {
                continue;
            }
            Turn last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.role.equals(role)) {
                last.blocks.addAll(blocks);
            } else {
                turns.add(new Turn(role, blocks));
            }
        }
        if (turns.isEmpty()) {
            throw new RequestTranslationException(
                    "messages must hold at least one non-empty user or assistant message", "messages");
        }
        ArrayNode result = WireJson.array();
        for (Turn turn : turns) {
            ObjectNode message = result.addObject();
            message.put("role", turn.role);
            boolean singleText = turn.blocks.size() == 1 && "text".equals(turn.blocks.get(0).path("type").asText());
            if (singleText) {
                message.put("content", turn.blocks.get(0).get("text").textValue());
            } else {
                message.set("content", turn.blocks);
            }
        }
        return result;
    }

    private static ArrayNode blocks(ChatMessage message) throws RequestTranslationException {
        ArrayNode blocks = WireJson.array();
        if (message.role() == Role.TOOL) {
            blocks.add(toolResult(message));
            return blocks;
        }
        for (ContentPart part : message.content()) {
            switch (part) {
                case Text text when text.text().isEmpty() -> {
                    // nothing to send
                }
                case Text text -> blocks.add(textBlock(text.text()));
                case Image image -> blocks.add(imageBlock(image));
            }
        }
        for (ToolCall call : message.toolCalls()) {
            ObjectNode block = blocks.addObject();
            block.put("type", "tool_use");
            block.put("id", call.id());
            block.put("name", call.name());
            block.set("input", call.arguments());
        }
        return blocks;
    }

    private static ObjectNode toolResult(ChatMessage message) {
        ObjectNode block = WireJson.object();
        block.put("type", "tool_result");
        block.put("tool_use_id", message.toolCallId());
        List<String> texts = new ArrayList<>();
        for (ContentPart part : message.content()) {
            if (part instanceof Text text && !text.text().isEmpty()) {
                texts.add(text.text());
            }
        }
        if (texts.size() == 1) {
            block.put("content", texts.get(0));
        } else if (texts.size() > 1) {
            ArrayNode content = block.putArray("content");
            texts.forEach(t -> content.add(textBlock(t)));
        }
        return block;
    }

    private static ObjectNode imageBlock(Image image) throws RequestTranslationException {
        ObjectNode block = WireJson.object();
        block.put("type", "image");
        ObjectNode source = block.putObject("source");
        if (image.isInline()) {
            if (!IMAGE_TYPES.contains(image.mediaType())) {
                throw new RequestTranslationException(image.path() + ": image type " + image.mediaType()
                        + " is not supported for "
                        + PROVIDER + " (image/jpeg, image/png, image/gif, image/webp are)", image.path());
            }
            source.put("type", "base64");
            source.put("media_type", image.mediaType());
            source.put("data", image.base64Data());
        } else {
            source.put("type", "url");
            source.put("url", image.url());
        }
        return block;
    }

    private static void tools(ChatRequest request, ObjectNode body) {
        ChatRequest.ToolChoice choice = request.toolChoice();
        if (request.tools().isEmpty()) {
            return; // a tool_choice of auto or none means nothing without tools
        }
        ArrayNode tools = body.putArray("tools");
        for (ToolDefinition definition : request.tools()) {
            ObjectNode tool = tools.addObject();
            tool.put("name", definition.name());
            if (definition.description() != null) {
                tool.put("description", definition.description());
            }
            if (definition.parameters() != null) {
                tool.set("input_schema", definition.parameters());
            } else {
                // Anthropic requires a schema; OpenAI lets a function take no parameters.
                ObjectNode schema = tool.putObject("input_schema");
                schema.put("type", "object");
                schema.putObject("properties");
            }
        }
        boolean noParallel = Boolean.FALSE.equals(request.parallelToolCalls());
        if (choice == null && !noParallel) {
            return;
        }
        ObjectNode toolChoice = body.putObject("tool_choice");
        ChatRequest.ToolChoice.Mode mode = choice == null ? ChatRequest.ToolChoice.Mode.AUTO : choice.mode();
        switch (mode) {
            case AUTO -> toolChoice.put("type", "auto");
            case NONE -> toolChoice.put("type", "none");
            case REQUIRED -> toolChoice.put("type", "any");
            case FUNCTION -> {
                toolChoice.put("type", "tool");
                toolChoice.put("name", choice.functionName());
            }
        }
        if (noParallel && mode != ChatRequest.ToolChoice.Mode.NONE) {
            toolChoice.put("disable_parallel_tool_use", true);
        }
    }

    private static ObjectNode textBlock(String text) {
        ObjectNode block = WireJson.object();
        block.put("type", "text");
        block.put("text", text);
        return block;
    }

    /** One Anthropic turn under construction. */
    private record Turn(String role, ArrayNode blocks) {
    }
}
