package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;
import io.llmrouter.forward.sse.SseWriter;

import java.io.ByteArrayOutputStream;

/**
 * A whole chat completion told as the stream a client asked for. A target that cannot stream (an
 * OpenAI-compatible server without streaming, a proxy that buffers) answers a {@code "stream": true} call
 * with one JSON completion; the client's SDK is reading server-sent events and would fail on it. So the
 * router sends the completion as OpenAI streams it, in one go: the role, the content, each tool call,
 * the finish reason, the usage chunk when {@code stream_options.include_usage} asked for it, and
 * {@code [DONE]}. A legacy text completion is told the same way, as OpenAI streams {@code text_completion}s.
 */
public final class CompletionAsStream {

    private CompletionAsStream() {
    }

    /**
     * @param completion   a {@code chat.completion} in OpenAI's format (as the translators return it)
     * @param includeUsage whether the client asked for the usage chunk (sent when the usage is known)
     * @return the event stream's bytes
     */
    public static byte[] events(ObjectNode completion, Usage usage, boolean includeUsage) {
        OpenAiChunks chunks = new OpenAiChunks(completion.path("id").asText("chatcmpl-router"),
                completion.path("created").asLong(System.currentTimeMillis() / 1000),
                completion.path("model").asText(""));
        JsonNode choice = completion.path("choices").path(0);
        JsonNode message = choice.path("message");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, chunks.role());
        String content = message.path("content").isTextual() ? message.get("content").textValue() : "";
        if (!content.isEmpty()) {
            write(out, chunks.content(content));
        }
        JsonNode calls = message.path("tool_calls");
        for (int i = 0; i < calls.size(); i++) {
            JsonNode call = calls.get(i);
            write(out, chunks.toolCall(i, call.path("id").asText(), call.path("function").path("name").asText(),
                    call.path("function").path("arguments").asText("")));
        }
        if (message.path("refusal").isTextual()) {
            write(out, chunks.refusal(message.get("refusal").textValue()));
        }
        write(out, chunks.finish(choice.path("finish_reason").isTextual() ? choice.get("finish_reason").textValue() : null));
        if (includeUsage && known(usage)) {
            JsonNode details = completion.path("usage").path("completion_tokens_details").path("reasoning_tokens");
            write(out, chunks.usage(usage, details.isInt() ? details.intValue() : null));
        }
        write(out, OpenAiWire.DONE);
        return out.toByteArray();
    }

    /**
     * @param completion   a {@code text_completion} of the legacy completions API
     * @param includeUsage whether the client asked for the usage chunk
     * @return the event stream's bytes: one chunk with the whole text, the usage chunk if asked for, {@code [DONE]}
     */
    public static byte[] legacyEvents(ObjectNode completion, Usage usage, boolean includeUsage) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ObjectNode chunk = legacyHeader(completion);
        JsonNode choice = completion.path("choices").path(0);
        ObjectNode streamed = chunk.putArray("choices").addObject();
        streamed.put("text", choice.path("text").asText(""));
        streamed.put("index", 0);
        streamed.set("logprobs", null);
        streamed.set("finish_reason", choice.path("finish_reason").isTextual() ? choice.get("finish_reason") : null);
        write(out, SseEvent.data(WireJson.string(chunk)));
        if (includeUsage && known(usage)) {
            ObjectNode usageChunk = legacyHeader(completion);
            usageChunk.putArray("choices");
            usageChunk.set("usage", OpenAiWire.usage(usage, null));
            write(out, SseEvent.data(WireJson.string(usageChunk)));
        }
        write(out, OpenAiWire.DONE);
        return out.toByteArray();
    }

    /**
     * Whether there is a usage to report: OpenAI's usage object has its counts, never nulls, so a completion
     * whose upstream reported none is streamed without the usage chunk rather than with an invalid one.
     */
    private static boolean known(Usage usage) {
        return usage != null && usage.totalTokens() != null;
    }

    private static ObjectNode legacyHeader(ObjectNode completion) {
        ObjectNode chunk = WireJson.object();
        chunk.put("id", completion.path("id").asText("cmpl-router"));
        chunk.put("object", "text_completion");
        chunk.put("created", completion.path("created").asLong(System.currentTimeMillis() / 1000));
        chunk.put("model", completion.path("model").asText(""));
        return chunk;
    }

    private static void write(ByteArrayOutputStream out, SseEvent event) {
        out.writeBytes(SseWriter.bytes(event));
    }
}
