package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;

/**
 * Builds the {@code chat.completion.chunk} events of one translated stream: every chunk carries the
 * same id, creation time and model, and a single choice (index 0).
 */
final class OpenAiChunks {

    private final String id;
    private final long created;
    private final String model;

    OpenAiChunks(String id, long created, String model) {
        this.id = id;
        this.created = created;
        this.model = model;
    }

    /** The first chunk: the assistant role and empty content, as OpenAI starts its streams. */
    SseEvent role() {
        ObjectNode delta = WireJson.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return chunk(delta, null);
    }

    SseEvent content(String text) {
        ObjectNode delta = WireJson.object();
        delta.put("content", text);
        return chunk(delta, null);
    }

    /** The start of a tool call: its id, name and (possibly partial) arguments. */
    SseEvent toolCall(int index, String callId, String name, String arguments) {
        ObjectNode call = WireJson.object();
        call.put("index", index);
        call.put("id", callId);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", arguments);
        return toolCallChunk(call);
    }

    /** More argument text for the tool call at {@code index}. */
    SseEvent toolCallArguments(int index, String fragment) {
        ObjectNode call = WireJson.object();
        call.put("index", index);
        call.putObject("function").put("arguments", fragment);
        return toolCallChunk(call);
    }

    /** A chunk whose delta carries OpenAI's {@code refusal} text, as OpenAI streams a refusal (before the finish). */
    SseEvent refusal(String text) {
        ObjectNode delta = WireJson.object();
        delta.put("refusal", text);
        return chunk(delta, null);
    }

    /** The chunk that closes the choice; {@code finishReason} null when the provider's reason is unknown. */
    SseEvent finish(String finishReason) {
        return chunk(WireJson.object(), finishReason);
    }

    /** The extra chunk a client gets with {@code include_usage}: no choices, the whole call's usage. */
    SseEvent usage(Usage usage, Integer reasoningTokens) {
        ObjectNode chunk = header();
        chunk.putArray("choices");
        chunk.set("usage", OpenAiWire.usage(usage, reasoningTokens));
        return event(chunk);
    }

    private SseEvent toolCallChunk(ObjectNode call) {
        ObjectNode delta = WireJson.object();
        delta.putArray("tool_calls").add(call);
        return chunk(delta, null);
    }

    private SseEvent chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = header();
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.set("logprobs", null);
        choice.put("finish_reason", finishReason);
        return event(chunk);
    }

    private ObjectNode header() {
        ObjectNode chunk = WireJson.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private static SseEvent event(JsonNode chunk) {
        return SseEvent.data(WireJson.string(chunk));
    }
}
