package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's {@code streamGenerateContent?alt=sse} stream to OpenAI chunks. Each {@code data:} event is a
 * whole {@code GenerateContentResponse} holding the next piece of the answer:
 *
 * <pre>
 * first event                 → role chunk (id = responseId)
 * text parts                  → content chunk
 * functionCall parts          → one tool call chunk each, with complete arguments
 * filter stop / blocked prompt → refusal chunk ({@code delta.refusal}), then finish chunk (content_filter)
 * finishReason                → finish chunk
 * {"error": {...}}            → OpenAI error event, end
 * end of body after a finish  → usage chunk (when asked for), [DONE]
 * end of body without finish  → truncated: error event
 * </pre>
 * Gemini sends no end marker: the finish reason is the last word, and the body then closes. Each
 * event repeats the usage so far; the last one counts.
 */
final class GeminiStream extends TranslatingStream {

    private final OpenAiToGemini gemini;
    private final String requestedModel;
    private final boolean includeUsage;
    private final Clock clock;
    private OpenAiChunks chunks;
    private JsonNode usageMetadata;
    private int toolCalls;
    private boolean finished;

    GeminiStream(OpenAiToGemini gemini, String requestedModel, boolean includeUsage, Clock clock) {
        super(OpenAiToGemini.PROVIDER);
        this.gemini = gemini;
        this.requestedModel = requestedModel;
        this.includeUsage = includeUsage;
        this.clock = clock;
    }

    @Override
    List<SseEvent> translate(SseEvent event) throws UpstreamFormatException {
        ObjectNode response = WireJson.readObject(event.data(), provider() + " stream event");
        if (response.has("error")) {
            JsonNode error = response.get("error");
            int code = error.path("code").asInt(0);
            return failUpstream(WireJson.optionalText(error, "message"),
                    code > 0 ? OpenAiWire.typeForStatus(code) : null, WireJson.optionalText(error, "status"));
        }
        List<SseEvent> out = new ArrayList<>();
        if (chunks == null) {
            String model = requestedModel != null ? requestedModel : WireJson.optionalText(response, "modelVersion");
            chunks = new OpenAiChunks(gemini.responseId(response), clock.instant().getEpochSecond(), model);
            out.add(chunks.role());
        }
        if (response.path("usageMetadata").isObject()) {
            usageMetadata = response.get("usageMetadata");
        }
        if (finished) {
            return out; // a trailing usage-only event after the finish
        }
        boolean hasCandidates = response.path("candidates").isArray() && !response.get("candidates").isEmpty();
        if (!hasCandidates && !response.has("promptFeedback") && response.has("usageMetadata")) {
            return out; // a usage-only event
        }
        GeminiCandidate candidate = GeminiCandidate.of(response, provider() + " stream event");
        if (!candidate.text().isEmpty()) {
            out.add(chunks.content(candidate.text()));
        }
        for (JsonNode call : candidate.functionCalls()) {
            ObjectNode toolCall = gemini.toolCall(call, toolCalls++);
            out.add(chunks.toolCall(toolCall.get("index").asInt(), toolCall.get("id").asText(),
                    toolCall.path("function").path("name").asText(),
                    toolCall.path("function").path("arguments").asText()));
        }
        if (candidate.finished()) {
            finished = true;
            String reason = candidate.finishReason();
            if ("stop".equals(reason) && toolCalls > 0) {
                reason = "tool_calls"; // the calls came in earlier events of this turn
            }
            if (candidate.refusal() != null) {
                out.add(chunks.refusal(candidate.refusal()));
            }
            out.add(chunks.finish(reason));
        }
        return out;
    }

    @Override
    List<SseEvent> finishAtEnd() {
        if (!finished) {
            return null;
        }
        List<SseEvent> last = new ArrayList<>();
        if (includeUsage) {
            last.add(chunks.usage(usage(), OpenAiToGemini.reasoningTokens(usageMetadata)));
        }
        last.add(OpenAiWire.DONE);
        return last;
    }

    /** Completion tokens include the thinking tokens, as for a whole answer ({@link OpenAiToGemini#usageOf}). */
    @Override
    public Usage usage() {
        return OpenAiToGemini.usageOf(usageMetadata);
    }
}
