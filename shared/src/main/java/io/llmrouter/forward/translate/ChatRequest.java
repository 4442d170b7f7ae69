package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * An OpenAI Chat Completions request, read once ({@link ChatRequestParser}) for the pairs that rebuild
 * the request in another schema. Null means "not set by the client".
 *
 * @param responseFormat {@code response_format.type} ("text", "json_object", "json_schema"), or null
 * @param jsonSchema     {@code response_format.json_schema.schema} when the type is json_schema and the
 *                       client gave one, otherwise null
 * @param reasoningEffort {@code reasoning_effort} ("minimal", "low", "medium", "high", ...), or null
 */
record ChatRequest(
        List<ChatMessage> messages,
        Integer maxTokens,
        Double temperature,
        Double topP,
        List<String> stop,
        boolean stream,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        String user,
        Long seed,
        Double presencePenalty,
        Double frequencyPenalty,
        String responseFormat,
        JsonNode jsonSchema,
        String reasoningEffort) {

    ChatRequest {
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
        tools = List.copyOf(tools);
    }

    /** One message of the conversation; {@code path} names it in error messages ("messages[2]"). */
    record ChatMessage(Role role, List<ContentPart> content, List<ToolCall> toolCalls, String toolCallId, String path) {

        ChatMessage {
            content = List.copyOf(content);
            toolCalls = List.copyOf(toolCalls);
        }
    }

    enum Role {
        /** {@code system} and {@code developer} messages. */
        SYSTEM,
        USER,
        ASSISTANT,
        TOOL
    }

    /** A piece of message content. */
    sealed interface ContentPart permits Text, Image {
    }

    record Text(String text) implements ContentPart {
    }

    /**
     * An image, either inline ({@code data:} URL split into media type and base64 data) or by URL.
     *
     * @param path where it sits in the request, for error messages
     */
    record Image(String mediaType, String base64Data, String url, String path) implements ContentPart {

        boolean isInline() {
            return base64Data != null;
        }
    }

    /** A call the assistant made, from an earlier turn; {@code arguments} is the parsed JSON object. */
    record ToolCall(String id, String name, ObjectNode arguments) {
    }

    /** A function the model may call; {@code parameters} (a JSON Schema object) may be null. */
    record ToolDefinition(String name, String description, ObjectNode parameters) {
    }

    /** {@code tool_choice}; {@code functionName} is set for {@link Mode#FUNCTION} only. */
    record ToolChoice(Mode mode, String functionName) {

        enum Mode {
            AUTO, NONE, REQUIRED, FUNCTION
        }
    }
}
