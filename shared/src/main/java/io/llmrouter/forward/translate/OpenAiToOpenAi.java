package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ProviderType;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * OpenAI Chat Completions to an OpenAI-compatible endpoint ({@code POST {base}/chat/completions}):
 * OpenAI itself, or any server speaking its format (llama-server serves it under {@code /v1}). The
 * default base URL carries {@code /v1}, the way OpenAI's SDKs put it.
 *
 * <p>The request passes through with only {@code model} replaced, plus one addition: a streaming
 * request always asks for the usage chunk ({@code stream_options.include_usage}), so that the router
 * learns the tokens of every call. {@link OpenAiStream} hides that chunk again from clients that did
 * not ask for it. Responses pass through with {@code model} set to the name the client asked for, and
 * with the null {@code logprobs} and {@code refusal} OpenAI always sends put in when a server leaves
 * them out.
 */
public final class OpenAiToOpenAi implements ProviderTranslator {

    static final String PROVIDER = "openai";

    @Override
    public ProviderType providerType() {
        return ProviderType.OPENAI;
    }

    @Override
    public URI defaultBaseUrl() {
        return URI.create("https://api.openai.com/v1");
    }

    @Override
    public Map<String, String> authHeaders(String apiKey) {
        return SecretHeader.of("authorization", "Bearer " + Objects.requireNonNull(apiKey, "API key"));
    }

    @Override
    public UpstreamRequest toUpstream(JsonNode openAiChatRequest, String upstreamModel)
            throws RequestTranslationException {
        if (openAiChatRequest == null || !openAiChatRequest.isObject()) {
            throw new RequestTranslationException("the request body must be a JSON object", null);
        }
        // The rest of the request is the gateway's to check, and then OpenAI's own.
        return passThrough((ObjectNode) openAiChatRequest, upstreamModel, "/chat/completions");
    }

    /**
     * The upstream request for OpenAI's legacy text completion API ({@code POST /completions}), which
     * llama-server and OpenAI still serve; only OpenAI-compatible targets have it. Its responses and
     * streams have the Chat Completions envelope ({@code choices}, {@code usage}, {@code [DONE]}) and go
     * through {@link #fromUpstream} and {@link #stream} alike.
     */
    public UpstreamRequest legacyCompletion(JsonNode openAiCompletionRequest, String upstreamModel)
            throws RequestTranslationException {
        if (openAiCompletionRequest == null || !openAiCompletionRequest.isObject()) {
            throw new RequestTranslationException("the request body must be a JSON object", null);
        }
        return passThrough((ObjectNode) openAiCompletionRequest, upstreamModel, "/completions");
    }

    private static UpstreamRequest passThrough(ObjectNode request, String upstreamModel, String path) {
        ObjectNode body = request.deepCopy();
        if (upstreamModel != null) {
            body.put("model", upstreamModel);
        }
        boolean stream = OpenAiWire.streamRequested(body);
        if (stream) {
            JsonNode options = body.get("stream_options");
            ObjectNode streamOptions = options != null && options.isObject()
                    ? (ObjectNode) options : body.putObject("stream_options");
            streamOptions.put("include_usage", true);
        }
        Map<String, String> headers = Map.of(
                "content-type", "application/json",
                "accept", stream ? "text/event-stream" : "application/json");
        return new UpstreamRequest("POST", path, headers, WireJson.bytes(body), stream);
    }

    @Override
    public TranslatedResponse fromUpstream(int status, byte[] body, String requestedModel)
            throws UpstreamFormatException {
        if (status < 200 || status > 299) {
            return new TranslatedResponse(status, error(status, body), Usage.UNKNOWN);
        }
        ObjectNode completion = WireJson.readObject(body, PROVIDER + " response");
        JsonNode choices = completion.get("choices");
        if (choices == null || !choices.isArray()) {
            throw new UpstreamFormatException(PROVIDER + " response has no choices array");
        }
        if (requestedModel != null) {
            completion.put("model", requestedModel);
        }
        completeChoices(choices);
        return new TranslatedResponse(status, completion, usage(completion));
    }

    /**
     * Puts in what OpenAI always sends and its SDKs require, when an OpenAI-compatible server leaves it out
     * (llama-server sends neither): each choice's {@code logprobs} and each message's {@code refusal}, null.
     */
    private static void completeChoices(JsonNode choices) {
        for (JsonNode choice : choices) {
            if (choice instanceof ObjectNode object) {
                if (!object.has("logprobs")) {
                    object.putNull("logprobs");
                }
                if (object.get("message") instanceof ObjectNode message && !message.has("refusal")) {
                    message.putNull("refusal");
                }
            }
        }
    }

    @Override
    public StreamTranslator stream(String requestedModel, boolean includeUsage) {
        return new OpenAiStream(requestedModel, includeUsage);
    }

    @Override
    public Usage usage(JsonNode upstreamResponse) {
        return usageOf(upstreamResponse == null ? null : upstreamResponse.get("usage"));
    }

    /** Usage from an OpenAI {@code usage} object; {@code cached_tokens} sits in {@code prompt_tokens_details}. */
    static Usage usageOf(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return Usage.UNKNOWN;
        }
        return new Usage(WireJson.count(usage, "prompt_tokens"), WireJson.count(usage, "completion_tokens"),
                WireJson.count(usage.get("prompt_tokens_details"), "cached_tokens"));
    }

    /**
     * The upstream's error body when it is already OpenAI's shape (it passes through untouched), else an
     * OpenAI error describing the status.
     */
    private static ObjectNode error(int status, byte[] body) {
        ObjectNode parsed = WireJson.readObjectOrNull(body);
        if (parsed != null && parsed.path("error").isObject()) {
            return parsed;
        }
        return OpenAiWire.upstreamError(PROVIDER, status, null, null, null);
    }
}
