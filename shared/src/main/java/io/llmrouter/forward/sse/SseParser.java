package io.llmrouter.forward.sse;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An incremental parser for a {@code text/event-stream} body, following the WHATWG HTML
 * "event stream interpretation" rules: lines end with CRLF, LF or CR; a line starting with {@code :}
 * is a comment (keep-alive pings) and is skipped; {@code data:} lines accumulate, joined with
 * {@code \n}; a blank line dispatches the event; a block without {@code data:} dispatches nothing.
 *
 * <p>Bytes are fed as they arrive, in chunks of any size: a line, a CRLF pair or a multi-byte UTF-8
 * character may be split across chunks, so lines are cut on bytes and decoded only when complete.
 *
 * <p>At the end of the stream ({@link #finish()}), an event whose lines are all complete but which lacks
 * the final blank line is still dispatched (some servers close right after the last {@code data:} line).
 * A last line cut in the middle is dropped with its event, and {@link #endedMidEvent()} tells so.
 *
 * <p>Not thread-safe: one parser per stream.
 */
public final class SseParser {

    /** Default bound on one line or one event's data, so that a runaway upstream cannot exhaust memory. */
    public static final int DEFAULT_MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final int maxEventBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType;
    private String lastEventId;
    private boolean previousWasCr;
    private boolean firstLine = true;
    private boolean pendingFields;
    private boolean endedMidEvent;

    public SseParser() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    public SseParser(int maxEventBytes) {
        if (maxEventBytes < 1) {
            throw new IllegalArgumentException("maxEventBytes must be positive");
        }
        this.maxEventBytes = maxEventBytes;
    }

    public List<SseEvent> feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /**
     * Parses the next bytes of the stream.
     *
     * @return the events completed by these bytes, in order (often empty)
     * @throws SseFormatException when a line or an event's data grows beyond the configured bound
     */
    public List<SseEvent> feed(byte[] bytes, int offset, int length) {
        List<SseEvent> events = new ArrayList<>();
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n' && previousWasCr) {
                // the LF of a CRLF pair whose CR already ended the line
                previousWasCr = false;
                continue;
            }
            previousWasCr = b == '\r';
            if (b == '\r' || b == '\n') {
                endLine(events);
            } else {
                if (line.size() >= maxEventBytes) {
                    throw new SseFormatException("an event-stream line is longer than " + maxEventBytes + " bytes");
                }
                line.write(b);
            }
        }
        return events;
    }

    /**
     * Ends the stream: dispatches a last event that lacks its closing blank line, unless its last line
     * was cut off.
     */
    public List<SseEvent> finish() {
        List<SseEvent> events = new ArrayList<>();
        if (line.size() > 0) {
            endedMidEvent = true;
            line.reset();
            resetEvent();
            return events;
        }
        if (pendingFields) {
            dispatch(events);
        }
        return events;
    }

    /** True when {@link #finish()} found the stream cut inside a line. */
    public boolean endedMidEvent() {
        return endedMidEvent;
    }

    private void endLine(List<SseEvent> events) {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (firstLine) {
            firstLine = false;
            if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
                text = text.substring(1);
            }
        }
        if (text.isEmpty()) {
            dispatch(events);
            return;
        }
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        processField(field, value);
    }

    private void processField(String field, String value) {
        switch (field) {
            case "data" -> {
                if (data.length() + value.length() >= maxEventBytes) {
                    throw new SseFormatException("an event's data is longer than " + maxEventBytes + " bytes");
                }
                data.append(value).append('\n');
                hasData = true;
                pendingFields = true;
            }
            case "event" -> {
                eventType = value;
                pendingFields = true;
            }
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            default -> {
                // "retry" and unknown fields do not concern a server-side reader
            }
        }
    }

    private void dispatch(List<SseEvent> events) {
        if (hasData) {
            String joined = data.substring(0, data.length() - 1);
            String type = eventType == null || eventType.isEmpty() ? null : eventType;
            events.add(new SseEvent(type, joined, lastEventId));
        }
        resetEvent();
    }

    private void resetEvent() {
        data.setLength(0);
        hasData = false;
        eventType = null;
        pendingFields = false;
    }
}
