package io.llmrouter.forward.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.forward.sse.SseEvent;
import io.llmrouter.forward.sse.SseParser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The payloads under {@code wire/}, resources of the testkit (sources in its README.md), and stream helpers. */
final class WireFixtures {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The clock every translator under test uses: {@code created} is always this second. */
    static final Instant NOW = Instant.ofEpochSecond(1_760_000_000L);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private WireFixtures() {
    }

    static byte[] bytes(String fixture) {
        try (InputStream in = WireFixtures.class.getResourceAsStream("/wire/" + fixture)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + fixture);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String fixture) {
        return new String(bytes(fixture), StandardCharsets.UTF_8);
    }

    /** A fixture as a mutable tree, for tests that change one field. */
    static ObjectNode tree(String fixture) {
        return (ObjectNode) json(text(fixture));
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The events of an SSE transcript. */
    /** The chunk a translator is expected to emit: the fixed clock's time and the client's model "smart". */
    static String chunk(String id, String delta, String finishReason) {
        return "{\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1760000000,\"model\":\"smart\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":"
                + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}]}";
    }

    static List<SseEvent> events(String transcript) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>(parser.feed(transcript.getBytes(StandardCharsets.UTF_8)));
        events.addAll(parser.finish());
        return events;
    }

    /** Feeds a whole transcript through a stream translator, end included, and returns what the client gets. */
    static List<SseEvent> translate(StreamTranslator stream, List<SseEvent> upstream) {
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent event : upstream) {
            out.addAll(stream.onEvent(event));
        }
        out.addAll(stream.onEnd());
        return out;
    }

    /**
     * Asserts client events chunk by chunk: each expected entry is either {@code [DONE]} or the JSON of
     * the chunk, compared as JSON trees.
     */
    static void assertEvents(List<String> expected, List<SseEvent> actual) {
        List<String> actualData = actual.stream().map(SseEvent::data).toList();
        assertEquals(expected.size(), actual.size(), "number of client events: " + actualData);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(null, actual.get(i).event(), "client events carry no event name");
            if (expected.get(i).equals("[DONE]")) {
                assertEquals("[DONE]", actual.get(i).data(), "event " + i);
            } else {
                assertEquals(json(expected.get(i)), json(actual.get(i).data()), "event " + i);
            }
        }
    }

    /**
     * Asserts a JSON body against the expected text, as trees. The actual tree is written and read back
     * first, so that a number built as a long equals the same number parsed as an int.
     */
    static void assertJson(String expected, JsonNode actual) {
        try {
            assertEquals(json(expected), JSON.readTree(JSON.writeValueAsString(actual)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data of every event, parsed, for assertions on single fields. */
    static List<JsonNode> chunks(List<SseEvent> events) {
        return events.stream().filter(e -> !e.data().equals("[DONE]")).map(e -> json(e.data())).toList();
    }
}
