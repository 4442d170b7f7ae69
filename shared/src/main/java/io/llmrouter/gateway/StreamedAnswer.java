package io.llmrouter.gateway;

import io.llmrouter.forward.EventSink;
import io.llmrouter.forward.sse.SseWriter;
import io.llmrouter.routing.Candidate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A completion streamed to the client as the upstream generates it. Its head leaves with the first
 * event, so it carries what is known then: the target, why it was chosen, and the attempts made. The
 * cost is known only at the end, from the usage in the last chunk: the stream closes with comment lines
 * that clients skip ({@link #closingLines}).
 */
final class StreamedAnswer implements EventSink {

    static final String COST_HEADER = "x-router-cost-usd";
    static final String SAVINGS_HEADER = "x-router-savings-usd";

    private final AnswerSink sink;
    private final Map<String, String> limitHeaders;
    private Map<String, String> head;
    private int status;
    /** The events sent, for the response cache; null when not recorded, or past {@link #recordingLimit}. */
    private ByteArrayOutputStream recording;
    private int recordingLimit;

    StreamedAnswer(AnswerSink sink) {
        this(sink, Map.of());
    }

    /** @param limitHeaders the key's {@code x-ratelimit-*} headers, sent in the head */
    StreamedAnswer(AnswerSink sink, Map<String, String> limitHeaders) {
        this.sink = sink;
        this.limitHeaders = limitHeaders;
    }

    @Override
    public void begin(Candidate candidate, int status, int attempts, List<String> droppedParams) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/event-stream");
        // Proxies and browsers must pass each event on, not hold the stream for caching or compression.
        headers.put("cache-control", "no-cache");
        headers.putAll(CompletionEndpoints.routerHeaders(candidate, attempts, droppedParams));
        headers.putAll(limitHeaders);
        this.head = headers;
        this.status = status;
        sink.head(status, headers);
    }

    @Override
    public void events(byte[] events) throws IOException {
        sink.write(events);
        if (recording != null) {
            if (recording.size() + events.length > recordingLimit) {
                recording = null;
            } else {
                recording.writeBytes(events);
            }
        }
    }

    /** Keeps a copy of the events sent, up to {@code limit} bytes, so that the answer can be cached. */
    void record(int limit) {
        this.recording = new ByteArrayOutputStream();
        this.recordingLimit = limit;
    }

    /** The events sent, when recorded and within the limit; null otherwise. */
    byte[] recorded() {
        return recording == null ? null : recording.toByteArray();
    }

    /**
     * Ends the stream with its cost, after the upstream's last event, and returns the answer as the client
     * received it (its body aside), for the request log. A client already gone misses only the comment.
     *
     * @param cost    what the request cost; null when unknown (no usage, no price)
     * @param savings against the savings baseline; null when unknown
     */
    HttpAnswer close(Double cost, Double savings) {
        Map<String, String> costs = new LinkedHashMap<>();
        if (cost != null) {
            costs.put(COST_HEADER, AnswerPricing.usd(cost));
        }
        if (savings != null) {
            costs.put(SAVINGS_HEADER, AnswerPricing.usd(savings));
        }
        if (!costs.isEmpty()) {
            try {
                sink.write(closingLines(costs));
            } catch (IOException e) {
                // The stream itself was delivered; only its closing comment was not.
            }
        }
        Map<String, String> headers = new LinkedHashMap<>(head);
        headers.putAll(costs);
        return new HttpAnswer(status, headers, new byte[0]);
    }

    /**
     * {@code : x-router-cost-usd: 0.00001234} (and {@code : x-router-savings-usd: ...}): one SSE comment
     * line per value, named like the header a buffered answer carries, after {@code data: [DONE]}.
     */
    static byte[] closingLines(Map<String, String> costs) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        costs.forEach((name, value) -> lines.writeBytes(SseWriter.comment(name + ": " + value)));
        return lines.toByteArray();
    }
}
