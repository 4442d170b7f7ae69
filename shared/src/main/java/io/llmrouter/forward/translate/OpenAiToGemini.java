package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ProviderType;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * OpenAI Chat Completions to the Gemini API ({@code POST {base}/models/{model}:generateContent}, and
 * {@code :streamGenerateContent?alt=sse} for streams). The default base URL carries the API version
 * ({@code .../v1beta}), the way Google's SDKs put it. Request rules are on
 * {@link GeminiRequestBuilder}, stream rules on {@link GeminiStream}.
 *
 * <p>Responses: the first candidate's text parts are joined into {@code message.content} (thought
 * summaries left out); {@code functionCall} parts become {@code tool_calls}. A prompt blocked before
 * any candidate ({@code promptFeedback.blockReason}) is an answer without content, with finish reason
 * {@code content_filter} and a {@code refusal} saying why; so is an answer Gemini's safety filters
 * stopped (it keeps the text it had). {@code finishReason} maps as in {@link #finishReason}; usage as in
 * {@link #usageOf}.
 */
public final class OpenAiToGemini implements ProviderTranslator {

    static final String PROVIDER = "gemini";

    /** Gemini model ids: letters, digits, dots, dashes, underscores (no path or query characters). */
    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9._-]+");

    private final Clock clock;
    private final Supplier<String> ids;

    public OpenAiToGemini() {
        this(Clock.systemUTC(), () -> UUID.randomUUID().toString().replace("-", ""));
    }

    /**
     * @param clock stamps {@code created} (Gemini responses carry no time)
     * @param ids   unique tokens for response ids when Gemini sends no {@code responseId}, and for tool
     *              call ids (Gemini's function calls have none)
     */
    public OpenAiToGemini(Clock clock, Supplier<String> ids) {
        this.clock = clock;
        this.ids = ids;
    }

    @Override
    public ProviderType providerType() {
        return ProviderType.GEMINI;
    }

    @Override
    public URI defaultBaseUrl() {
        return URI.create("https://generativelanguage.googleapis.com/v1beta");
    }

    @Override
    public Map<String, String> authHeaders(String apiKey) {
        return SecretHeader.of("x-goog-api-key", apiKey);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when the model id (from the router's configuration, not the client)
     *                                  holds characters that do not belong in a URL path segment
     */
    @Override
    public UpstreamRequest toUpstream(JsonNode openAiChatRequest, String upstreamModel)
            throws RequestTranslationException {
        String model = modelId(upstreamModel);
        ChatRequest request = ChatRequestParser.parse(openAiChatRequest, PROVIDER);
        GeminiRequestBuilder.Built built = GeminiRequestBuilder.build(request, model);
        String path = "/models/" + model + (request.stream() ? ":streamGenerateContent?alt=sse" : ":generateContent");
        Map<String, String> headers = Map.of(
                "content-type", "application/json",
                "accept", request.stream() ? "text/event-stream" : "application/json");
        return new UpstreamRequest("POST", path, headers, WireJson.bytes(built.body()), request.stream(),
                built.droppedParams());
    }

    @Override
    public TranslatedResponse fromUpstream(int status, byte[] body, String requestedModel)
            throws UpstreamFormatException {
        if (status < 200 || status > 299) {
            return new TranslatedResponse(status, error(status, body), Usage.UNKNOWN);
        }
        ObjectNode response = WireJson.readObject(body, PROVIDER + " response");
        GeminiCandidate candidate = GeminiCandidate.of(response, PROVIDER + " response");
        ObjectNode result = WireJson.object();
        result.put("id", responseId(response));
        result.put("object", "chat.completion");
        result.put("created", clock.instant().getEpochSecond());
        result.put("model", requestedModel != null ? requestedModel : WireJson.optionalText(response, "modelVersion"));
        ObjectNode choice = result.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", candidate.text().isEmpty() ? null : candidate.text());
        message.put("refusal", candidate.refusal());
        ArrayNode toolCalls = WireJson.array();
        for (JsonNode call : candidate.functionCalls()) {
            toolCalls.add(toolCall(call, null));
        }
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        choice.set("logprobs", null);
        // A whole answer always ends; Gemini leaves finishReason out only mid-stream.
        choice.put("finish_reason", candidate.finishReason() != null ? candidate.finishReason() : "stop");
        Usage usage = usage(response);
        if (!usage.isUnknown()) {
            result.set("usage", OpenAiWire.usage(usage, reasoningTokens(response.get("usageMetadata"))));
        }
        return new TranslatedResponse(status, result, usage);
    }

    @Override
    public StreamTranslator stream(String requestedModel, boolean includeUsage) {
        return new GeminiStream(this, requestedModel, includeUsage, clock);
    }

    @Override
    public Usage usage(JsonNode upstreamResponse) {
        return usageOf(upstreamResponse == null ? null : upstreamResponse.get("usageMetadata"));
    }

    /**
     * OpenAI's finish reason for a Gemini {@code finishReason}: MAX_TOKENS is length, the safety family
     * (see {@link #isFiltered}) is content_filter, and every other reason (STOP, OTHER, LANGUAGE,
     * MALFORMED_FUNCTION_CALL, values added later) is stop: OpenAI's clients require one of OpenAI's
     * reasons on a whole answer, and the answer did end. Null only for null (mid-stream).
     */
    static String finishReason(String geminiReason) {
        if (geminiReason == null) {
            return null;
        }
        if (isFiltered(geminiReason)) {
            return "content_filter";
        }
        return "MAX_TOKENS".equals(geminiReason) ? "length" : "stop";
    }

    /**
     * Whether a Gemini {@code finishReason} says a filter stopped the answer: SAFETY, RECITATION,
     * BLOCKLIST, PROHIBITED_CONTENT, SPII, the IMAGE_ variants of these, and MODEL_ARMOR (Vertex AI's
     * policy screening).
     */
    static boolean isFiltered(String geminiReason) {
        return switch (geminiReason) {
            case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
                    "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION", "MODEL_ARMOR" -> true;
            default -> false;
        };
    }

    /**
     * Usage from {@code usageMetadata}. Gemini's JSON leaves out counts that are zero (proto3), so a
     * count missing from a present {@code usageMetadata} is 0; without {@code usageMetadata} all is
     * unknown. {@code promptTokenCount} already includes cached content. Completion tokens are the
     * candidates' plus the thinking tokens ({@code thoughtsTokenCount}), which Gemini bills as output
     * and OpenAI counts in {@code completion_tokens}.
     */
    static Usage usageOf(JsonNode metadata) {
        if (metadata == null || !metadata.isObject()) {
            return Usage.UNKNOWN;
        }
        return new Usage(countOrZero(metadata, "promptTokenCount"),
                countOrZero(metadata, "candidatesTokenCount") + countOrZero(metadata, "thoughtsTokenCount"),
                countOrZero(metadata, "cachedContentTokenCount"));
    }

    /** Thinking tokens, reported as OpenAI's reasoning tokens when Gemini used any. */
    static Integer reasoningTokens(JsonNode metadata) {
        return metadata == null ? null : WireJson.count(metadata, "thoughtsTokenCount");
    }

    /** A count inside {@code usageMetadata}, where absent means zero (see {@link #usageOf}). */
    private static int countOrZero(JsonNode metadata, String field) {
        Integer value = WireJson.count(metadata, field);
        return value == null ? 0 : value;
    }

    /** The response id: Gemini's {@code responseId} when it sends one. */
    String responseId(JsonNode response) {
        String id = WireJson.optionalText(response, "responseId");
        return id != null && !id.isEmpty() ? id : "chatcmpl-" + ids.get();
    }

    /**
     * An OpenAI tool call for a Gemini part holding a {@code functionCall}; {@code index} is set in stream
     * chunks. The part's {@code thoughtSignature} (Gemini 3 refuses a later turn whose function call lacks
     * it) rides in the tool call's id, which OpenAI clients send back verbatim with the assistant message:
     * {@link ThoughtSignatures} puts it back on the way up.
     */
    ObjectNode toolCall(JsonNode part, Integer index) {
        JsonNode functionCall = part.path("functionCall");
        ObjectNode call = WireJson.object();
        if (index != null) {
            call.put("index", index);
        }
        String id = WireJson.optionalText(functionCall, "id");
        call.put("id", ThoughtSignatures.toolCallId(id != null && !id.isEmpty() ? id : "call_" + ids.get(),
                WireJson.optionalText(part, "thoughtSignature")));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", functionCall.path("name").asText());
        function.put("arguments", WireJson.string(functionCall.path("args").isObject()
                ? functionCall.get("args") : WireJson.object()));
        return call;
    }

    private static String modelId(String upstreamModel) {
        String model = upstreamModel == null ? "" : upstreamModel.strip();
        if (model.startsWith("models/")) {
            model = model.substring("models/".length());
        }
        if (!MODEL_ID.matcher(model).matches()) {
            // The model goes into the URL path: anything else could change the request's target.
            throw new IllegalArgumentException("gemini model id \"" + upstreamModel
                    + "\" may hold only letters, digits, '.', '_' and '-'");
        }
        return model;
    }

    /** An OpenAI error body from Gemini's {@code {"error":{"code","message","status"}}}. */
    private static ObjectNode error(int status, byte[] body) {
        ObjectNode parsed = WireJson.readObjectOrNull(body);
        JsonNode error = parsed == null ? null : parsed.get("error");
        return OpenAiWire.upstreamError(PROVIDER, status, WireJson.optionalText(error, "message"),
                OpenAiWire.typeForStatus(status), WireJson.optionalText(error, "status"));
    }
}
