package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ProviderType;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * OpenAI Chat Completions to Anthropic's Messages API ({@code POST /v1/messages}, API version
 * {@value #API_VERSION}). Request rules are on {@link AnthropicRequestBuilder}, stream rules on
 * {@link AnthropicStream}.
 *
 * <p>Responses: the text blocks are joined into {@code message.content} (null when there are none),
 * {@code tool_use} blocks become {@code tool_calls}, thinking blocks are left out. {@code stop_reason}
 * maps as in {@link #finishReason}; a refusal also fills {@code message.refusal} ({@link #refusal}), which
 * is otherwise null, as OpenAI sends it. Usage follows {@link #usageOf}.
 */
public final class OpenAiToAnthropic implements ProviderTranslator {

    static final String PROVIDER = "anthropic";

    public static final String API_VERSION = "2023-06-01";

    /**
     * {@code max_tokens} when the client sets none. Anthropic requires the field, while OpenAI clients
     * usually omit it to mean "as much as the model allows". 4096 is the largest value every current
     * Claude model accepts (the Claude 3 models cap output at 4096), so a default never fails a request.
     */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    private final Clock clock;
    private final int defaultMaxTokens;

    public OpenAiToAnthropic() {
        this(Clock.systemUTC(), DEFAULT_MAX_TOKENS);
    }

    /**
     * @param clock            stamps {@code created} (Anthropic responses carry no time)
     * @param defaultMaxTokens {@code max_tokens} when the client sets none
     */
    public OpenAiToAnthropic(Clock clock, int defaultMaxTokens) {
        if (defaultMaxTokens < 1) {
            throw new IllegalArgumentException("defaultMaxTokens must be positive");
        }
        this.clock = clock;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    @Override
    public ProviderType providerType() {
        return ProviderType.ANTHROPIC;
    }

    @Override
    public URI defaultBaseUrl() {
        return URI.create("https://api.anthropic.com");
    }

    @Override
    public Map<String, String> authHeaders(String apiKey) {
        return SecretHeader.of("x-api-key", apiKey);
    }

    @Override
    public UpstreamRequest toUpstream(JsonNode openAiChatRequest, String upstreamModel)
            throws RequestTranslationException {
        ChatRequest request = ChatRequestParser.parse(openAiChatRequest, PROVIDER);
        AnthropicRequestBuilder.Built built = AnthropicRequestBuilder.build(request, upstreamModel, defaultMaxTokens);
        Map<String, String> headers = Map.of(
                "content-type", "application/json",
                "anthropic-version", API_VERSION,
                "accept", request.stream() ? "text/event-stream" : "application/json");
        return new UpstreamRequest("POST", "/v1/messages", headers, WireJson.bytes(built.body()), request.stream(),
                built.droppedParams());
    }

    @Override
    public TranslatedResponse fromUpstream(int status, byte[] body, String requestedModel)
            throws UpstreamFormatException {
        if (status < 200 || status > 299) {
            return new TranslatedResponse(status, error(status, body), Usage.UNKNOWN);
        }
        ObjectNode message = WireJson.readObject(body, PROVIDER + " response");
        String id = WireJson.optionalText(message, "id");
        JsonNode content = message.get("content");
        if (id == null || content == null || !content.isArray()) {
            throw new UpstreamFormatException(PROVIDER + " response has no id or no content array");
        }
        StringBuilder text = new StringBuilder();
        ArrayNode toolCalls = WireJson.array();
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    ObjectNode call = toolCalls.addObject();
                    call.put("id", block.path("id").asText());
                    call.put("type", "function");
                    ObjectNode function = call.putObject("function");
                    function.put("name", block.path("name").asText());
                    function.put("arguments", WireJson.string(block.path("input").isObject()
                            ? block.get("input") : WireJson.object()));
                }
                default -> {
                    // thinking and server-tool blocks have no place in a chat.completion message
                }
            }
        }
        Usage usage = usage(message);
        ObjectNode result = WireJson.object();
        result.put("id", id);
        result.put("object", "chat.completion");
        result.put("created", clock.instant().getEpochSecond());
        result.put("model", requestedModel != null ? requestedModel : WireJson.optionalText(message, "model"));
        ObjectNode choice = result.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode reply = choice.putObject("message");
        reply.put("role", "assistant");
        reply.put("content", text.isEmpty() ? null : text.toString());
        String stopReason = WireJson.optionalText(message, "stop_reason");
        reply.put("refusal", "refusal".equals(stopReason) ? refusal(message.get("stop_details")) : null);
        if (!toolCalls.isEmpty()) {
            reply.set("tool_calls", toolCalls);
        }
        choice.set("logprobs", null);
        choice.put("finish_reason", finishReason(stopReason));
        if (!usage.isUnknown()) {
            result.set("usage", OpenAiWire.usage(usage, null));
        }
        return new TranslatedResponse(status, result, usage);
    }

    @Override
    public StreamTranslator stream(String requestedModel, boolean includeUsage) {
        return new AnthropicStream(requestedModel, includeUsage, clock);
    }

    @Override
    public Usage usage(JsonNode upstreamResponse) {
        return usageOf(upstreamResponse == null ? null : upstreamResponse.get("usage"));
    }

    /**
     * OpenAI's finish reason for an Anthropic {@code stop_reason}: end_turn and stop_sequence are stop,
     * max_tokens and model_context_window_exceeded are length, tool_use is tool_calls, refusal is
     * content_filter. Others (pause_turn, reasons added later) are stop: the turn ended, and a
     * chat.completion must have a finish reason (openai-java refuses one without). No stop reason is null.
     */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return null;
        }
        return switch (stopReason) {
            case "end_turn", "stop_sequence" -> "stop";
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /**
     * Usage from an Anthropic {@code usage} object. Anthropic's {@code input_tokens} excludes cached
     * input, so OpenAI's prompt tokens are input + cache reads + cache writes; the cached tokens are the
     * cache reads, and the writes are kept apart ({@link Usage#cacheWriteTokens}, with the one-hour part
     * from {@code cache_creation.ephemeral_1h_input_tokens}) because Anthropic bills them above the input
     * price. Absent cache fields mean no caching happened (counted 0 in the sum); an absent
     * {@code input_tokens} makes the prompt count unknown.
     */
    static Usage usageOf(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.UNKNOWN;
        }
        Integer input = WireJson.count(usage, "input_tokens");
        Integer cacheRead = WireJson.count(usage, "cache_read_input_tokens");
        Integer cacheWrite = WireJson.count(usage, "cache_creation_input_tokens");
        JsonNode creation = usage.path("cache_creation");
        Integer write5m = WireJson.count(creation, "ephemeral_5m_input_tokens");
        Integer write1h = WireJson.count(creation, "ephemeral_1h_input_tokens");
        if (cacheWrite == null && (write5m != null || write1h != null)) {
            cacheWrite = (write5m == null ? 0 : write5m) + (write1h == null ? 0 : write1h);
        }
        Integer oneHour = cacheWrite == null ? null : Math.min(cacheWrite, write1h == null ? 0 : write1h);
        Integer prompt = input == null ? null
                : input + (cacheRead == null ? 0 : cacheRead) + (cacheWrite == null ? 0 : cacheWrite);
        return new Usage(prompt, WireJson.count(usage, "output_tokens"), cacheRead, cacheWrite, oneHour);
    }

    /**
     * OpenAI's {@code refusal} text for an Anthropic refusal: the {@code explanation} of
     * {@code stop_details} when Anthropic gives one, otherwise a fixed sentence (Anthropic's refusal
     * carries no message of the model's own; the text the model wrote before it stays in the content).
     */
    static String refusal(JsonNode stopDetails) {
        String explanation = stopDetails == null ? null : WireJson.optionalText(stopDetails, "explanation");
        return explanation != null && !explanation.isBlank() ? explanation : REFUSAL;
    }

    /** The refusal text when Anthropic gives no explanation. */
    static final String REFUSAL = "The model declined to continue (Anthropic stop_reason refusal).";

    /** An OpenAI error body from Anthropic's {@code {"type":"error","error":{"type","message"}}}. */
    private static ObjectNode error(int status, byte[] body) {
        ObjectNode parsed = WireJson.readObjectOrNull(body);
        JsonNode error = parsed == null ? null : parsed.get("error");
        String message = error == null ? null : WireJson.optionalText(error, "message");
        String type = error == null ? null : WireJson.optionalText(error, "type");
        return OpenAiWire.upstreamError(PROVIDER, status, message, type, null);
    }
}
