package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.ClientApi;
import io.llmrouter.forward.sse.SseEvent;
import io.llmrouter.forward.sse.SseParser;
import io.llmrouter.forward.translate.Usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A completed OpenAI stream put back together as the whole completion it told, so that a streamed answer can be
 * cached like a whole one: the chunks' content, refusal and tool-call fragments joined, the finish reason and the
 * usage kept. Only a stream of one choice that ended with {@code [DONE]} and no error event makes a completion;
 * anything else (an error, a second choice, a chunk that is not JSON, no {@code [DONE]}) makes none, and the
 * answer is simply not cached.
 */
final class StreamedCompletion {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private StreamedCompletion() {
    }

    /**
     * @param events the stream as the client received it: {@code data:} lines of chunks, then {@code [DONE]}
     * @param usage  what the upstream reported, for a stream whose client did not ask for the usage chunk
     */
    static Optional<byte[]> of(ClientApi api, byte[] events, Usage usage) {
        SseParser parser = new SseParser();
        List<SseEvent> all = new ArrayList<>(parser.feed(events));
        all.addAll(parser.finish());
        Parts parts = new Parts();
        boolean done = false;
        for (SseEvent event : all) {
            if (done) {
                return Optional.empty();
            }
            if ("[DONE]".equals(event.data())) {
                done = true;
            } else if (!parts.add(event.data())) {
                return Optional.empty();
            }
        }
        if (!done || parts.first == null) {
            return Optional.empty();
        }
        if (parts.usage == null && usage != null && usage.totalTokens() != null) {
            parts.usage = NODES.objectNode().put("prompt_tokens", usage.promptTokens())
                    .put("completion_tokens", usage.completionTokens()).put("total_tokens", usage.totalTokens());
        }
        try {
            return Optional.of(JSON.writeValueAsBytes(api == ClientApi.CHAT_COMPLETIONS ? parts.chat() : parts.text()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What the chunks said so far. */
    private static final class Parts {
        JsonNode first;
        String role = "assistant";
        StringBuilder content;
        StringBuilder refusal;
        final StringBuilder text = new StringBuilder();
        final List<ObjectNode> toolCalls = new ArrayList<>();
        final List<StringBuilder> arguments = new ArrayList<>();
        JsonNode finishReason = NODES.nullNode();
        JsonNode usage;

        /** False when the chunk is not one this can join: an error, not JSON, another choice. */
        boolean add(String data) {
            JsonNode chunk;
            try {
                chunk = JSON.readTree(data);
            } catch (IOException e) {
                return false;
            }
            if (chunk == null || !chunk.isObject() || chunk.has("error")) {
                return false;
            }
            first = first == null ? chunk : first;
            if (chunk.path("usage").isObject()) {
                usage = chunk.get("usage");
            }
            for (JsonNode choice : chunk.path("choices")) {
                if (choice.path("index").asInt(0) != 0) {
                    return false;
                }
                if (choice.path("finish_reason").isTextual()) {
                    finishReason = choice.get("finish_reason");
                }
                text.append(choice.path("text").asText(""));
                JsonNode delta = choice.path("delta");
                if (delta.path("role").isTextual()) {
                    role = delta.get("role").asText();
                }
                if (delta.path("content").isTextual()) {
                    content = (content == null ? new StringBuilder() : content).append(delta.get("content").asText());
                }
                if (delta.path("refusal").isTextual()) {
                    refusal = (refusal == null ? new StringBuilder() : refusal).append(delta.get("refusal").asText());
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    int index = call.path("index").asInt(toolCalls.size());
                    while (toolCalls.size() <= index) {
                        ObjectNode added = NODES.objectNode();
                        added.put("type", "function");
                        toolCalls.add(added);
                        arguments.add(new StringBuilder());
                    }
                    ObjectNode known = toolCalls.get(index);
                    if (call.path("id").isTextual()) {
                        known.put("id", call.get("id").asText());
                    }
                    if (call.path("function").path("name").isTextual()) {
                        known.put("name", call.get("function").get("name").asText());
                    }
                    arguments.get(index).append(call.path("function").path("arguments").asText(""));
                }
            }
            return true;
        }

        ObjectNode chat() {
            ObjectNode completion = header("chat.completion");
            ObjectNode choice = completion.putArray("choices").addObject();
            choice.put("index", 0);
            ObjectNode message = choice.putObject("message");
            message.put("role", role);
            message.put("content", content == null ? null : content.toString());
            if (refusal != null) {
                message.put("refusal", refusal.toString());
            }
            if (!toolCalls.isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                for (int i = 0; i < toolCalls.size(); i++) {
                    ObjectNode call = calls.addObject();
                    call.put("id", toolCalls.get(i).path("id").asText(""));
                    call.put("type", "function");
                    call.putObject("function").put("name", toolCalls.get(i).path("name").asText(""))
                            .put("arguments", arguments.get(i).toString());
                }
            }
            choice.set("finish_reason", finishReason);
            return withUsage(completion);
        }

        ObjectNode text() {
            ObjectNode completion = header("text_completion");
            ObjectNode choice = completion.putArray("choices").addObject();
            choice.put("text", text.toString());
            choice.put("index", 0);
            choice.set("logprobs", NODES.nullNode());
            choice.set("finish_reason", finishReason);
            return withUsage(completion);
        }

        private ObjectNode header(String object) {
            ObjectNode completion = NODES.objectNode();
            completion.put("id", first.path("id").asText(""));
            completion.put("object", object);
            completion.put("created", first.path("created").asLong(0));
            completion.put("model", first.path("model").asText(""));
            if (first.path("system_fingerprint").isTextual()) {
                completion.put("system_fingerprint", first.get("system_fingerprint").asText());
            }
            return completion;
        }

        private ObjectNode withUsage(ObjectNode completion) {
            if (usage != null) {
                completion.set("usage", usage);
            }
            return completion;
        }
    }
}
