package io.llmrouter.forward.translate;

import io.llmrouter.forward.sse.SseEvent;

import java.util.List;
import java.util.Optional;

/**
 * What every stream translator shares: the end states. Subclasses translate events and say when the
 * provider's stream ended properly; this class turns format errors, provider errors and early ends into
 * one final OpenAI error event, and ignores whatever comes after the end.
 */
abstract class TranslatingStream implements StreamTranslator {

    /** The provider's name, for messages. */
    private final String provider;
    private StreamFailure failure;
    private boolean completed;

    TranslatingStream(String provider) {
        this.provider = provider;
    }

    /** The client events for one upstream event, while the stream runs. */
    abstract List<SseEvent> translate(SseEvent upstreamEvent) throws UpstreamFormatException;

    /**
     * The last client events when the upstream body ends, or null when the provider's stream had not
     * reached its final event.
     */
    abstract List<SseEvent> finishAtEnd();

    @Override
    public final List<SseEvent> onEvent(SseEvent upstreamEvent) {
        if (ended()) {
            return List.of();
        }
        try {
            return translate(upstreamEvent);
        } catch (UpstreamFormatException e) {
            return fail(StreamFailure.Kind.INVALID_EVENT, e.getMessage(), "upstream_error", "invalid_upstream_event");
        }
    }

    @Override
    public final List<SseEvent> onEnd() {
        if (ended()) {
            return List.of();
        }
        List<SseEvent> last = finishAtEnd();
        if (last == null) {
            return fail(StreamFailure.Kind.TRUNCATED, provider + " stream ended before its final event",
                    "upstream_error", OpenAiWire.STREAM_INTERRUPTED);
        }
        completed = true;
        return last;
    }

    @Override
    public final boolean completed() {
        return completed;
    }

    @Override
    public final Optional<StreamFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** Marks a clean end (the provider's final event arrived) and returns the last events. */
    final List<SseEvent> complete(List<SseEvent> last) {
        completed = true;
        return last;
    }

    /** Ends the stream with the provider's own error, in OpenAI's shape. */
    final List<SseEvent> failUpstream(String message, String type, String code) {
        String text = message == null || message.isBlank() ? provider + " reported an error in the stream" : message;
        return fail(StreamFailure.Kind.UPSTREAM_ERROR, text, type == null ? "upstream_error" : type, code);
    }

    final String provider() {
        return provider;
    }

    private boolean ended() {
        return completed || failure != null;
    }

    private List<SseEvent> fail(StreamFailure.Kind kind, String message, String type, String code) {
        failure = new StreamFailure(kind, message);
        return List.of(OpenAiWire.errorEvent(message, type, code));
    }
}
