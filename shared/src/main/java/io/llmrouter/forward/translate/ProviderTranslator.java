package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.config.ProviderType;

import java.net.URI;
import java.util.Map;

/**
 * Translates one OpenAI Chat Completions call (what clients send to the router) to one provider's wire
 * format and back. One implementation per pair of client schema and provider, named for the pair
 * ({@code OpenAiToAnthropic}); adding a provider is adding a pair, registered in
 * {@link ProviderTranslators}.
 *
 * <p>Implementations are stateless and thread-safe; the per-call state of a stream lives in the
 * {@link StreamTranslator} that {@link #stream} returns.
 */
public interface ProviderTranslator {

    /** The wire format this pair speaks upstream. */
    ProviderType providerType();

    /**
     * The provider's public endpoint, used when the provider config sets no base URL. Request paths
     * from {@link #toUpstream} are appended to it (or to the configured base URL) as they are.
     */
    URI defaultBaseUrl();

    /**
     * The headers that carry the API key, for the caller to add to the request. The map's
     * {@code toString} hides the key.
     */
    Map<String, String> authHeaders(String apiKey);

    /**
     * The upstream request for an OpenAI chat request.
     *
     * @param openAiChatRequest the client's request body, valid by OpenAI's contract: the gateway has
     *                          checked it, and nothing here checks it again
     * @param upstreamModel     the provider's model name chosen by routing (replaces the client's {@code model})
     * @throws RequestTranslationException when the request asks for something this provider cannot do
     *                                     (answer the client 400); also, with a generic message, when
     *                                     a body that skipped the gateway is not a valid chat request
     */
    UpstreamRequest toUpstream(JsonNode openAiChatRequest, String upstreamModel) throws RequestTranslationException;

    /**
     * The client response for a complete (non-streaming) upstream response. An upstream error status
     * gives an OpenAI error body with the same status.
     *
     * @param requestedModel the model name the client asked for, reported back as {@code model};
     *                       null keeps the upstream's
     * @throws UpstreamFormatException when a success response is not the JSON the provider documents
     */
    TranslatedResponse fromUpstream(int status, byte[] body, String requestedModel) throws UpstreamFormatException;

    /**
     * A translator for one streaming response (upstream status 2xx; error statuses go to
     * {@link #fromUpstream}).
     *
     * @param requestedModel the model name reported in every chunk; null keeps the upstream's
     * @param includeUsage   whether the client asked for the usage chunk ({@code stream_options.include_usage});
     *                       usage is collected either way
     */
    StreamTranslator stream(String requestedModel, boolean includeUsage);

    /** Token usage of a complete upstream response, as the provider reported it; unknown counts are null. */
    Usage usage(JsonNode upstreamResponse);
}
