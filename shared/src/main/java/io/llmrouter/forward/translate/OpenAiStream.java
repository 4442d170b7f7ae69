package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;

import java.util.List;

/**
 * An OpenAI-compatible stream passed through chunk by chunk, with three changes: {@code model} is the
 * name the client asked for; the usage chunk and the {@code "usage": null} fields are removed when the
 * client did not ask for usage (the router always does, see {@link OpenAiToOpenAi}); the stream counts
 * as complete only once {@code [DONE]} arrives. An event {@code {"error": {...}}} is already in OpenAI's
 * shape and passes through as the final event. Unknown fields (llama-server's {@code timings}) pass.
 */
final class OpenAiStream extends TranslatingStream {

    private final String requestedModel;
    private final boolean includeUsage;
    private Usage usage = Usage.UNKNOWN;

    OpenAiStream(String requestedModel, boolean includeUsage) {
        super(OpenAiToOpenAi.PROVIDER);
        this.requestedModel = requestedModel;
        this.includeUsage = includeUsage;
    }

    @Override
    List<SseEvent> translate(SseEvent event) throws UpstreamFormatException {
        if (event.data().strip().equals("[DONE]")) {
            return complete(List.of(OpenAiWire.DONE));
        }
        ObjectNode chunk = WireJson.readObject(event.data(), provider() + " stream event");
        if (chunk.path("error").isObject()) {
            JsonNode error = chunk.get("error");
            // Already OpenAI's shape: the client gets the upstream's own error event, not a rebuilt one.
            failUpstream(WireJson.optionalText(error, "message"), WireJson.optionalText(error, "type"), null);
            return List.of(SseEvent.data(WireJson.string(chunk)));
        }
        JsonNode chunkUsage = chunk.get("usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = OpenAiToOpenAi.usageOf(chunkUsage);
        }
        if (!includeUsage) {
            boolean usageOnly = chunk.path("choices").isArray() && chunk.get("choices").isEmpty()
                    && chunkUsage != null && chunkUsage.isObject();
            if (usageOnly) {
                return List.of();
            }
            chunk.remove("usage");
        }
        if (requestedModel != null) {
            chunk.put("model", requestedModel);
        }
        return List.of(SseEvent.data(WireJson.string(chunk)));
    }

    @Override
    List<SseEvent> finishAtEnd() {
        return null; // only [DONE] completes an OpenAI stream
    }

    @Override
    public Usage usage() {
        return usage;
    }
}
