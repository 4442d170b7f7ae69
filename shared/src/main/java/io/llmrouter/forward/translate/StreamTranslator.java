package io.llmrouter.forward.translate;

import io.llmrouter.forward.sse.SseEvent;

import java.util.List;
import java.util.Optional;

/**
 * Turns one upstream event stream into OpenAI {@code chat.completion.chunk} events, event by event.
 * Stateful: one per response, not thread-safe.
 *
 * <p>The caller feeds every upstream event to {@link #onEvent}, calls {@link #onEnd} when the upstream
 * body ends, and writes every returned event to the client as it comes. A clean stream ends with
 * {@code data: [DONE]}. A failed one (the provider sent an error event, an event that is not valid
 * JSON, or closed before its final event) ends with one OpenAI error event
 * {@code data: {"error":{...}}} and no {@code [DONE]}, so the client sees an error, not a short answer;
 * {@link #failure()} then tells why. After the end, further events are ignored.
 */
public interface StreamTranslator {

    /** The client events for one upstream event (often none: pings, block boundaries). */
    List<SseEvent> onEvent(SseEvent upstreamEvent);

    /** The last client events, once the upstream body has ended. */
    List<SseEvent> onEnd();

    /** Tokens reported so far; complete once the stream finished cleanly. */
    Usage usage();

    /** True once the stream ended cleanly ({@code [DONE]} was emitted). */
    boolean completed();

    /** Why the stream failed; empty while it runs and when it completed. */
    Optional<StreamFailure> failure();
}
