package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic's Messages stream to OpenAI chunks.
 *
 * <pre>
 * message_start                       → role chunk (id = the message id)
 * content_block_start (tool_use)      → tool call chunk: index, id, name, empty arguments
 * content_block_delta (text_delta)    → content chunk
 * content_block_delta (input_json_delta) → tool call arguments chunk
 * message_delta (stop_reason, usage)  → finish chunk; for a refusal, a refusal chunk before it
 *                                       (delta.refusal: stop_details.explanation) and finish_reason content_filter
 * message_stop                        → usage chunk (when asked for), [DONE]
 * error                               → OpenAI error event, end
 * ping, content_block_stop, thinking and unknown events → nothing
 * </pre>
 * Anthropic documents that new event types may appear, so unknown ones are skipped, not failed.
 * Usage: {@code message_start} gives the input counts, {@code message_delta} the cumulative output
 * (and, in newer API versions, updated input counts): the latest value of each wins.
 */
final class AnthropicStream extends TranslatingStream {

    private final String requestedModel;
    private final boolean includeUsage;
    private final Clock clock;
    private final Map<String, Integer> counts = new HashMap<>();
    /** OpenAI tool call index for each Anthropic content block index that is a tool_use. */
    private final Map<Integer, Integer> toolCallIndex = new HashMap<>();
    private OpenAiChunks chunks;

    AnthropicStream(String requestedModel, boolean includeUsage, Clock clock) {
        super(OpenAiToAnthropic.PROVIDER);
        this.requestedModel = requestedModel;
        this.includeUsage = includeUsage;
        this.clock = clock;
    }

    @Override
    List<SseEvent> translate(SseEvent event) throws UpstreamFormatException {
        ObjectNode data = WireJson.readObject(event.data(), provider() + " stream event");
        String type = WireJson.optionalText(data, "type");
        if (type == null) {
            type = event.event() == null ? "" : event.event();
        }
        if (type.equals("error")) {
            JsonNode error = data.path("error");
            return failUpstream(WireJson.optionalText(error, "message"), WireJson.optionalText(error, "type"), null);
        }
        if (type.equals("message_start")) {
            return start(data.path("message"));
        }
        if (type.equals("ping")) {
            return List.of();
        }
        if (chunks == null && isMessageEvent(type)) {
            throw new UpstreamFormatException(provider() + " stream sent " + type + " before message_start");
        }
        return switch (type) {
            case "content_block_start" -> blockStart(data);
            case "content_block_delta" -> blockDelta(data);
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> stop();
            default -> List.of();
        };
    }

    @Override
    List<SseEvent> finishAtEnd() {
        // Anthropic's stream is complete only with message_stop, which already completed this one.
        return null;
    }

    @Override
    public Usage usage() {
        ObjectNode usage = WireJson.object();
        ObjectNode creation = WireJson.object();
        counts.forEach((field, value) -> (field.startsWith("ephemeral_") ? creation : usage).put(field, value));
        if (!creation.isEmpty()) {
            usage.set("cache_creation", creation);
        }
        return OpenAiToAnthropic.usageOf(usage);
    }

    private List<SseEvent> start(JsonNode message) throws UpstreamFormatException {
        String id = WireJson.optionalText(message, "id");
        if (id == null) {
            throw new UpstreamFormatException(provider() + " message_start has no message.id");
        }
        String model = requestedModel != null ? requestedModel : WireJson.optionalText(message, "model");
        chunks = new OpenAiChunks(id, clock.instant().getEpochSecond(), model);
        recordUsage(message.path("usage"));
        return List.of(chunks.role());
    }

    private List<SseEvent> blockStart(ObjectNode data) {
        JsonNode block = data.path("content_block");
        String type = block.path("type").asText();
        if (type.equals("tool_use")) {
            int index = toolCallIndex.size();
            toolCallIndex.put(data.path("index").asInt(), index);
            return List.of(chunks.toolCall(index, block.path("id").asText(), block.path("name").asText(), ""));
        }
        if (type.equals("text") && !block.path("text").asText().isEmpty()) {
            return List.of(chunks.content(block.path("text").asText()));
        }
        return List.of();
    }

    private List<SseEvent> blockDelta(ObjectNode data) throws UpstreamFormatException {
        JsonNode delta = data.path("delta");
        switch (delta.path("type").asText()) {
            case "text_delta" -> {
                String text = delta.path("text").asText();
                return text.isEmpty() ? List.of() : List.of(chunks.content(text));
            }
            case "input_json_delta" -> {
                Integer index = toolCallIndex.get(data.path("index").asInt());
                if (index == null) {
                    throw new UpstreamFormatException(provider() + " stream sent input_json_delta for block "
                            + data.path("index").asInt() + ", which is not a tool_use block");
                }
                String json = delta.path("partial_json").asText();
                return json.isEmpty() ? List.of() : List.of(chunks.toolCallArguments(index, json));
            }
            default -> {
                // thinking, signature and citation deltas have no chat.completion.chunk equivalent
                return List.of();
            }
        }
    }

    private List<SseEvent> messageDelta(ObjectNode data) throws UpstreamFormatException {
        recordUsage(data.path("usage"));
        JsonNode delta = data.path("delta");
        if (!delta.has("stop_reason")) {
            return List.of();
        }
        String stopReason = WireJson.optionalText(delta, "stop_reason");
        SseEvent finish = chunks.finish(OpenAiToAnthropic.finishReason(stopReason));
        if (!"refusal".equals(stopReason)) {
            return List.of(finish);
        }
        return List.of(chunks.refusal(OpenAiToAnthropic.refusal(delta.get("stop_details"))), finish);
    }

    private List<SseEvent> stop() {
        List<SseEvent> last = new ArrayList<>();
        if (includeUsage) {
            last.add(chunks.usage(usage(), null));
        }
        last.add(OpenAiWire.DONE);
        return complete(last);
    }

    private void recordUsage(JsonNode usage) {
        for (String field : List.of("input_tokens", "output_tokens", "cache_read_input_tokens",
                "cache_creation_input_tokens")) {
            Integer value = WireJson.count(usage, field);
            if (value != null) {
                counts.put(field, value);
            }
        }
        for (String field : List.of("ephemeral_5m_input_tokens", "ephemeral_1h_input_tokens")) {
            Integer value = WireJson.count(usage.path("cache_creation"), field);
            if (value != null) {
                counts.put(field, value);
            }
        }
    }

    private static boolean isMessageEvent(String type) {
        return switch (type) {
            case "content_block_start", "content_block_delta", "content_block_stop", "message_delta",
                    "message_stop" -> true;
            default -> false;
        };
    }
}
