package io.llmrouter.forward;

import io.llmrouter.forward.sse.SseEvent;
import io.llmrouter.forward.sse.SseReader;
import io.llmrouter.forward.sse.SseWriter;
import io.llmrouter.forward.translate.OpenAiWire;
import io.llmrouter.forward.translate.StreamTranslator;
import io.llmrouter.forward.translate.Usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Relays an upstream server-sent event stream to the client in OpenAI's chunk format, through the
 * target's {@link StreamTranslator}, keeping the usage for the cost.
 *
 * <p>The first event written for the client is the commit point. Until then, any failure (no events,
 * a provider error event, a broken connection) lets the forwarder try the next candidate. After it, a
 * failure ends the relayed stream with one explicit error event ({@code code: stream_interrupted} or
 * the provider's own error), never a clean-looking end.
 */
final class StreamRelay {

    private StreamRelay() {
    }

    /**
     * What was relayed.
     *
     * @param reachedClient false when nothing was written for the client: the forwarder may fail over
     * @param completed     the stream ended cleanly with {@code [DONE]}
     * @param failure       why the stream did not complete; null when it did
     */
    record Relayed(byte[] body, boolean reachedClient, boolean completed, Usage usage, String failure) {
    }

    /** Relays until the stream completes, fails, or the exchange's time budget runs out ({@link UpstreamHttp.Exchange#body}). */
    static Relayed relay(UpstreamHttp.Exchange upstream, StreamTranslator translator) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseReader reader;
        try {
            reader = new SseReader(upstream.body());
        } catch (IOException e) {
            return interrupted(out, translator, "upstream stream broke: " + FailoverCause.describe(e));
        }
        while (true) {
            SseEvent event;
            try {
                event = reader.next();
            } catch (IOException e) {
                return interrupted(out, translator, upstream.expired() ? STALLED
                        : "upstream stream broke: " + FailoverCause.describe(e));
            }
            List<SseEvent> events = event == null ? translator.onEnd() : translator.onEvent(event);
            if (translator.failure().isPresent() && out.size() == 0) {
                return new Relayed(new byte[0], false, false, translator.usage(),
                        translator.failure().get().message());
            }
            events.forEach(e -> out.writeBytes(SseWriter.bytes(e)));
            if (translator.completed()) {
                return new Relayed(out.toByteArray(), true, true, translator.usage(), null);
            }
            if (translator.failure().isPresent()) {
                return new Relayed(out.toByteArray(), true, false, translator.usage(),
                        translator.failure().get().message());
            }
            if (event == null) {
                // A translator always completes or fails at the end; this guards a future one that does not.
                return interrupted(out, translator, "upstream stream ended without its final event");
            }
        }
    }

    static final String STALLED = "upstream stream stalled past the time budget";

    private static Relayed interrupted(ByteArrayOutputStream out, StreamTranslator translator, String why) {
        if (out.size() == 0) {
            return new Relayed(new byte[0], false, false, translator.usage(), why);
        }
        out.writeBytes(SseWriter.bytes(OpenAiWire.errorEvent("The stream was interrupted: " + why,
                "upstream_error", OpenAiWire.STREAM_INTERRUPTED)));
        return new Relayed(out.toByteArray(), true, false, translator.usage(), why);
    }
}
