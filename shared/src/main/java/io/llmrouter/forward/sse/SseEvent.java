package io.llmrouter.forward.sse;

import java.util.Objects;

/**
 * One server-sent event, as dispatched by an event stream.
 *
 * @param event the {@code event:} field; null when the event had none (the spec's default type "message")
 * @param data  the {@code data:} lines joined with {@code \n}; never null
 * @param id    the last {@code id:} seen on the stream when the event was dispatched; null when none
 */
public record SseEvent(String event, String data, String id) {

    public SseEvent {
        Objects.requireNonNull(data, "data");
    }

    /** An event with only a {@code data:} field, the only kind OpenAI-style streams use. */
    public static SseEvent data(String data) {
        return new SseEvent(null, data, null);
    }

    /** A named event, the kind Anthropic streams use ({@code event: message_start}). */
    public static SseEvent named(String event, String data) {
        return new SseEvent(event, data, null);
    }
}
