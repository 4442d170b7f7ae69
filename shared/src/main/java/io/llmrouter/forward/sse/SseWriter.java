package io.llmrouter.forward.sse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Formats events for a {@code text/event-stream} response: optional {@code event:} and {@code id:}
 * lines, one {@code data:} line per line of data, then a blank line. Lines end with LF.
 */
public final class SseWriter {

    private SseWriter() {
    }

    public static String format(SseEvent event) {
        StringBuilder out = new StringBuilder(event.data().length() + 16);
        if (event.event() != null) {
            out.append("event: ").append(singleLine(event.event(), "event")).append('\n');
        }
        if (event.id() != null) {
            out.append("id: ").append(singleLine(event.id(), "id")).append('\n');
        }
        // A data value holding line breaks must be split: a raw break would end the field early.
        for (String line : event.data().split("\r\n|\r|\n", -1)) {
            out.append("data: ").append(line).append('\n');
        }
        return out.append('\n').toString();
    }

    public static byte[] bytes(SseEvent event) {
        return format(event).getBytes(StandardCharsets.UTF_8);
    }

    /** Several events, in order, as one byte array. */
    public static byte[] bytes(java.util.List<SseEvent> events) {
        if (events.size() == 1) {
            return bytes(events.get(0));
        }
        StringBuilder out = new StringBuilder();
        events.forEach(event -> out.append(format(event)));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static void write(OutputStream out, SseEvent event) throws IOException {
        out.write(bytes(event));
    }

    /** A comment line, which readers skip: a keep-alive ping on idle streams, the router's closing cost line. */
    public static byte[] comment(String text) {
        return (":" + (text.isEmpty() ? "" : " " + singleLine(text, "comment")) + "\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String singleLine(String value, String what) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an SSE " + what + " cannot contain a line break");
        }
        return value;
    }
}
