package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;

/**
 * The OpenAI Chat Completions shapes the router answers with: error bodies, usage objects, the
 * {@code [DONE]} terminator, and what a client request says about streaming.
 */
public final class OpenAiWire {

    /** The event that ends a successful OpenAI stream. */
    public static final SseEvent DONE = SseEvent.data("[DONE]");

    /**
     * The error code of the event that ends a stream cut short: the upstream closed before its final
     * event, broke, or stalled past the time budget. One code for all three, so a client needs one check.
     */
    public static final String STREAM_INTERRUPTED = "stream_interrupted";

    private OpenAiWire() {
    }

    /**
     * An OpenAI error body: {@code {"error":{"message","type","param","code"}}}.
     *
     * @param param the request field at fault, or null
     * @param code  a machine-readable code, or null
     */
    public static ObjectNode error(String message, String type, String param, String code) {
        ObjectNode error = WireJson.object();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = WireJson.object();
        body.set("error", error);
        return body;
    }

    /** Whether the client asked for a stream ({@code "stream": true}). */
    public static boolean streamRequested(JsonNode chatRequest) {
        JsonNode stream = chatRequest == null ? null : chatRequest.get("stream");
        return stream != null && stream.isBoolean() && stream.booleanValue();
    }

    /** Whether a streaming client asked for the final usage chunk ({@code stream_options.include_usage}). */
    public static boolean usageRequested(JsonNode chatRequest) {
        JsonNode options = chatRequest == null ? null : chatRequest.get("stream_options");
        JsonNode include = options == null ? null : options.get("include_usage");
        return include != null && include.isBoolean() && include.booleanValue();
    }

    /** OpenAI's {@code usage} object; unknown counts are written as null. */
    static ObjectNode usage(Usage usage, Integer reasoningTokens) {
        ObjectNode node = WireJson.object();
        node.put("prompt_tokens", usage.promptTokens());
        node.put("completion_tokens", usage.completionTokens());
        node.put("total_tokens", usage.totalTokens());
        if (usage.cachedTokens() != null) {
            node.putObject("prompt_tokens_details").put("cached_tokens", usage.cachedTokens());
        }
        if (reasoningTokens != null) {
            node.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens);
        }
        return node;
    }

    /** The error event that ends a failed stream. */
    public static SseEvent errorEvent(String message, String type, String code) {
        return SseEvent.data(WireJson.string(error(message, type, null, code)));
    }

    /**
     * An OpenAI error body for an upstream error response: the provider's message when its body says
     * one, else a description of the status.
     */
    static ObjectNode upstreamError(String provider, int status, String message, String type, String code) {
        String text = message != null && !message.isBlank() ? message
                : provider + " answered HTTP " + status + " without an error message";
        return error(text, type != null ? type : typeForStatus(status), null, code);
    }

    /** OpenAI's error type for an HTTP status, for providers whose errors carry none. */
    static String typeForStatus(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "server_error" : "upstream_error";
        };
    }
}
