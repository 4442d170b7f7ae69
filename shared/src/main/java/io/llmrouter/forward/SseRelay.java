package io.llmrouter.forward;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Relays an OpenAI-style server-sent event stream ({@code data: {...}} chunks ending with
 * {@code data: [DONE]}) from an upstream, keeping the usage chunk for the cost.
 *
 * <p>The first event is the commit point: until it arrives, a failure lets the forwarder try the next
 * candidate; after it, a failure (or an end without {@code [DONE]}) ends the relayed stream with an
 * explicit error event, never a clean-looking end.
 */
final class SseRelay {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DONE = "[DONE]";

    /** What was relayed. {@code firstEventSeen} false means nothing reached the client: fail over. */
    record Relayed(byte[] body, boolean firstEventSeen, boolean completed, JsonNode usage, String failure) {
    }

    /** Closes streams that outlive their deadline; one daemon thread for the whole process. */
    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sse-relay-deadline");
                thread.setDaemon(true);
                return thread;
            });

    /**
     * Relays until {@code [DONE]}, a failure, or {@code deadlineNanos} (a {@link System#nanoTime()}
     * value): an upstream that stops sending mid-stream must not hold the request past its budget.
     */
    static Relayed relay(InputStream upstream, long deadlineNanos) {
        java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
        var timer = WATCHDOG.schedule(() -> {
            expired.set(true);
            try {
                upstream.close();
            } catch (IOException ignored) {
                // Closing is how the blocked read is woken; a failure to close changes nothing.
            }
        }, Math.max(0, deadlineNanos - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        try {
            Relayed relayed = relay(upstream);
            if (expired.get() && !relayed.completed()) {
                return withFailure(relayed, "upstream stream stalled past the time budget");
            }
            return relayed;
        } finally {
            timer.cancel(false);
        }
    }

    private static Relayed withFailure(Relayed relayed, String failure) {
        if (!relayed.firstEventSeen()) {
            return new Relayed(relayed.body(), false, false, relayed.usage(), failure);
        }
        // Replace the generic error event with one that says what happened.
        String text = new String(relayed.body(), StandardCharsets.UTF_8);
        int last = text.lastIndexOf("data: {\"error\"");
        String kept = last < 0 ? text : text.substring(0, last);
        return new Relayed((kept + "data: " + errorEvent(failure) + "\n\n").getBytes(StandardCharsets.UTF_8),
                true, false, relayed.usage(), failure);
    }

    static Relayed relay(InputStream upstream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean firstEvent = false;
        JsonNode usage = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(upstream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    String data = line.substring(5).strip();
                    firstEvent = true;
                    if (DONE.equals(data)) {
                        write(out, "data: [DONE]\n\n");
                        return new Relayed(out.toByteArray(), true, true, usage, null);
                    }
                    JsonNode chunk = parse(data);
                    if (chunk != null && chunk.path("usage").isObject()) {
                        usage = chunk.path("usage");
                    }
                    if (chunk != null && chunk.has("error")) {
                        write(out, "data: " + data + "\n\n");
                        return new Relayed(out.toByteArray(), true, false, usage, "upstream sent an error event");
                    }
                    write(out, "data: " + data + "\n\n");
                } else if (line.startsWith(":")) {
                    // Keep-alive comments carry nothing for a buffered client.
                    continue;
                }
            }
            return ended(out, firstEvent, usage, "upstream stream ended without [DONE]");
        } catch (IOException e) {
            return ended(out, firstEvent, usage, "upstream stream broke: " + FailoverCause.describe(e));
        }
    }

    private static Relayed ended(ByteArrayOutputStream out, boolean firstEvent, JsonNode usage, String failure) {
        if (firstEvent) {
            write(out, "data: " + errorEvent(failure) + "\n\n");
        }
        return new Relayed(out.toByteArray(), firstEvent, false, usage, failure);
    }

    static String errorEvent(String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", "The stream was interrupted: " + message);
        error.put("type", "server_error");
        error.put("code", "stream_interrupted");
        return root.toString();
    }

    private static JsonNode parse(String data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
