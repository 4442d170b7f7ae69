/**
 * Translation between the OpenAI Chat Completions wire format, which clients send to the router, and
 * each external provider's format. Pure code, no HTTP: the route function sends and receives.
 *
 * <p>One {@link io.llmrouter.forward.translate.ProviderTranslator} per pair of client schema and
 * provider: {@link io.llmrouter.forward.translate.OpenAiToOpenAi},
 * {@link io.llmrouter.forward.translate.OpenAiToAnthropic},
 * {@link io.llmrouter.forward.translate.OpenAiToGemini}. The flow of one call:
 * <pre>{@code
 * ProviderTranslator t = translators.forType(provider.type());
 * UpstreamRequest up = t.toUpstream(clientBody, upstreamModel);       // 400 on RequestTranslationException
 * // send up.method() baseUrl + up.path() with up.headers() + t.authHeaders(apiKey) and up.body()
 * if (!up.streaming() || status is not 2xx) {
 *     TranslatedResponse r = t.fromUpstream(status, bytes, clientModel); // 502 on UpstreamFormatException
 *     // answer r.status() with r.body(); account r.usage()
 * } else {
 *     StreamTranslator s = t.stream(clientModel, OpenAiWire.usageRequested(clientBody));
 *     SseReader reader = new SseReader(upstreamBody);
 *     for (SseEvent e; (e = reader.next()) != null; ) { s.onEvent(e).forEach(out::write); }
 *     s.onEnd().forEach(out::write);
 *     // account s.usage(); s.failure() says whether the stream broke (error event already sent)
 * }
 * }</pre>
 * Fixture sources for the tests are listed in {@code testkit/src/main/resources/wire/README.md}.
 */
package io.llmrouter.forward.translate;
