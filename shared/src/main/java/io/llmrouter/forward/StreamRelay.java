package io.llmrouter.forward;

import io.llmrouter.forward.sse.SseEvent;
import io.llmrouter.forward.sse.SseReader;
import io.llmrouter.forward.sse.SseWriter;
import io.llmrouter.forward.translate.OpenAiWire;
import io.llmrouter.forward.translate.StreamTranslator;
import io.llmrouter.forward.translate.Usage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.List;

/**
 * Relays an upstream server-sent event stream to the client in OpenAI's chunk format, through the
 * target's {@link StreamTranslator}, keeping the usage for the cost. Each upstream event is translated
 * and written as it arrives, to the client's {@link EventSink} when it streams, or collected.
 *
 * <p>The first event written for the client is the commit point. Until then, any failure (no events,
 * a provider error event, a broken connection) lets the forwarder try the next candidate. After it, a
 * failure ends the relayed stream with one explicit error event ({@code code: stream_interrupted} or
 * the provider's own error), never a clean-looking end. A client that goes away ends the relay at once.
 */
final class StreamRelay {

    static final String STALLED = "upstream stream stalled past the time budget";
    static final String CLIENT_DISCONNECTED = "client disconnected";

    private StreamRelay() {
    }

    /** Where the relayed events go; the first write commits the stream. */
    interface Output {
        /** @throws IOException the client is gone */
        void write(byte[] events) throws IOException;

        boolean started();

        /** What was written, when the output collects it; empty when it went to the client. */
        byte[] collected();
    }

    /**
     * What was relayed.
     *
     * @param reachedClient false when nothing was written for the client: the forwarder may fail over
     * @param completed     the stream ended cleanly with {@code [DONE]}
     * @param clientGone    the client went away while events were being written to it
     * @param failure       why the stream did not complete; null when it did
     */
    record Relayed(byte[] body, boolean reachedClient, boolean completed, boolean clientGone, Usage usage,
                   String failure) {
    }

    /**
     * Relays until the stream completes, fails, the client goes away, or the exchange's time budget or idle
     * limit runs out ({@link UpstreamHttp.Exchange#body}).
     */
    static Relayed relay(UpstreamHttp.Exchange upstream, StreamTranslator translator, Output out) {
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
            } catch (SocketTimeoutException e) {
                return interrupted(out, translator, upstream.expired() ? STALLED
                        : "upstream stream sent nothing for " + upstream.idleLimitSeconds() + " s");
            } catch (IOException e) {
                return interrupted(out, translator, upstream.expired() ? STALLED
                        : "upstream stream broke: " + FailoverCause.describe(e));
            }
            List<SseEvent> events = event == null ? translator.onEnd() : translator.onEvent(event);
            if (translator.failure().isPresent() && !out.started()) {
                return new Relayed(new byte[0], false, false, false, translator.usage(),
                        translator.failure().get().message());
            }
            if (!events.isEmpty()) {
                try {
                    out.write(SseWriter.bytes(events));
                } catch (IOException e) {
                    return new Relayed(out.collected(), true, false, true, translator.usage(), CLIENT_DISCONNECTED);
                }
            }
            if (translator.completed()) {
                return new Relayed(out.collected(), true, true, false, translator.usage(), null);
            }
            if (translator.failure().isPresent()) {
                return new Relayed(out.collected(), true, false, false, translator.usage(),
                        translator.failure().get().message());
            }
            if (event == null) {
                // A translator always completes or fails at the end; this guards a future one that does not.
                return interrupted(out, translator, "upstream stream ended without its final event");
            }
        }
    }

    private static Relayed interrupted(Output out, StreamTranslator translator, String why) {
        if (!out.started()) {
            return new Relayed(new byte[0], false, false, false, translator.usage(), why);
        }
        try {
            out.write(SseWriter.bytes(OpenAiWire.errorEvent("The stream was interrupted: " + why,
                    "upstream_error", OpenAiWire.STREAM_INTERRUPTED)));
        } catch (IOException e) {
            return new Relayed(out.collected(), true, false, true, translator.usage(), why);
        }
        return new Relayed(out.collected(), true, false, false, translator.usage(), why);
    }

    /** Collects the events into one body, for a client that gets the answer whole. */
    static Output collecting() {
        return new Output() {
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();

            @Override
            public void write(byte[] events) {
                body.writeBytes(events);
            }

            @Override
            public boolean started() {
                return body.size() > 0;
            }

            @Override
            public byte[] collected() {
                return body.toByteArray();
            }
        };
    }
}
