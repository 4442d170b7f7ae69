package io.llmrouter.forward.sse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseParserTest {

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("one data line", "data: hello\n\n", List.of(SseEvent.data("hello"))),
                Arguments.of("no space after the colon", "data:hello\n\n", List.of(SseEvent.data("hello"))),
                Arguments.of("only the first space is removed", "data:  two spaces\n\n",
                        List.of(SseEvent.data(" two spaces"))),
                Arguments.of("multi-line data joined with LF", "data: first\ndata: second\ndata:\n\n",
                        List.of(SseEvent.data("first\nsecond\n"))),
                Arguments.of("named event", "event: message_start\ndata: {}\n\n",
                        List.of(SseEvent.named("message_start", "{}"))),
                Arguments.of("event name and id", "id: 7\nevent: ping\ndata: x\n\n",
                        List.of(new SseEvent("ping", "x", "7"))),
                Arguments.of("id carries over to later events", "id: 7\ndata: a\n\ndata: b\n\n",
                        List.of(new SseEvent(null, "a", "7"), new SseEvent(null, "b", "7"))),
                Arguments.of("comment lines are skipped", ": keep-alive\ndata: a\n: more\n\n",
                        List.of(SseEvent.data("a"))),
                Arguments.of("a bare colon ping dispatches nothing", ":\n\n:\n\ndata: a\n\n",
                        List.of(SseEvent.data("a"))),
                Arguments.of("a block without data dispatches nothing", "event: ping\n\ndata: a\n\n",
                        List.of(SseEvent.data("a"))),
                Arguments.of("the event name does not leak into the next event", "event: x\n\ndata: a\n\n",
                        List.of(SseEvent.data("a"))),
                Arguments.of("a field without colon is a name with empty value", "data\n\n",
                        List.of(SseEvent.data(""))),
                Arguments.of("retry and unknown fields are ignored", "retry: 3000\nfoo: bar\ndata: a\n\n",
                        List.of(SseEvent.data("a"))),
                Arguments.of("several blank lines", "data: a\n\n\n\ndata: b\n\n",
                        List.of(SseEvent.data("a"), SseEvent.data("b"))),
                Arguments.of("a leading byte-order mark is ignored", "\uFEFFdata: a\n\n",
                        List.of(SseEvent.data("a"))),
                Arguments.of("non-ASCII text", "data: {\"t\":\"héllo — 世界 🙂\"}\n\n",
                        List.of(SseEvent.data("{\"t\":\"héllo — 世界 🙂\"}"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void parsesWithLf(String name, String stream, List<SseEvent> expected) {
        assertEquals(expected, parseWhole(stream));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void parsesWithCrLf(String name, String stream, List<SseEvent> expected) {
        assertEquals(expected, parseWhole(stream.replace("\n", "\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void parsesWithCr(String name, String stream, List<SseEvent> expected) {
        assertEquals(expected, parseWhole(stream.replace("\n", "\r")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void parsesWhenSplitAtEveryByte(String name, String stream, List<SseEvent> expected) {
        // every split point, so a split inside CRLF and inside a multi-byte character is covered
        byte[] bytes = stream.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            SseParser parser = new SseParser();
            List<SseEvent> events = new ArrayList<>(parser.feed(bytes, 0, cut));
            events.addAll(parser.feed(bytes, cut, bytes.length - cut));
            events.addAll(parser.finish());
            assertEquals(expected, events, "split at byte " + cut);
        }
    }

    @Test
    void parsesFedOneByteAtATime() {
        byte[] bytes = "event: a\r\ndata: é\r\n\r\ndata: 世界\r\n\r\n".getBytes(StandardCharsets.UTF_8);
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>();
        for (byte b : bytes) {
            events.addAll(parser.feed(new byte[] {b}));
        }
        assertEquals(List.of(SseEvent.named("a", "é"), SseEvent.data("世界")), events);
    }

    @Test
    void returnsAnEventAsSoonAsItsBlankLineArrives() {
        SseParser parser = new SseParser();
        assertEquals(List.of(), parser.feed(bytes("data: a\n")));
        assertEquals(List.of(SseEvent.data("a")), parser.feed(bytes("\ndata: b")));
        assertEquals(List.of(SseEvent.data("b")), parser.feed(bytes("\n\n")));
    }

    @Test
    void dispatchesALastEventWhoseBlankLineNeverCame() {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>(parser.feed(bytes("data: a\n\ndata: last\n")));
        events.addAll(parser.finish());
        assertEquals(List.of(SseEvent.data("a"), SseEvent.data("last")), events);
        assertFalse(parser.endedMidEvent());
    }

    @Test
    void dropsALastLineCutInTheMiddle() {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>(parser.feed(bytes("data: a\n\ndata: {\"type\":\"mess")));
        events.addAll(parser.finish());
        assertEquals(List.of(SseEvent.data("a")), events);
        assertTrue(parser.endedMidEvent());
    }

    @Test
    void dropsTheWholeEventWhenItsLastLineIsCut() {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>(parser.feed(bytes("event: x\ndata: complete line\ndata: cut")));
        events.addAll(parser.finish());
        assertEquals(List.of(), events);
        assertTrue(parser.endedMidEvent());
    }

    @Test
    void aCleanEndIsNotMidEvent() {
        SseParser parser = new SseParser();
        parser.feed(bytes("data: a\n\n"));
        assertEquals(List.of(), parser.finish());
        assertFalse(parser.endedMidEvent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"data: 0123456789abcdef\n\n", "data: 01234567\ndata: 89abcdef\n\n"})
    void refusesEventsBeyondTheBound(String stream) {
        SseParser parser = new SseParser(12);
        assertThrows(SseFormatException.class, () -> parser.feed(bytes(stream)));
    }

    @Test
    void readsARealLlamaServerCapture() throws IOException {
        List<SseEvent> events = parseWhole(resource("/wire/openai/llama-server-stream.txt"));
        assertEquals("[DONE]", events.get(events.size() - 1).data());
        assertTrue(events.get(0).data().startsWith("{\"choices\":[{\"finish_reason\":null,\"index\":0,"
                + "\"delta\":{\"role\":\"assistant\""));
        assertTrue(events.stream().allMatch(e -> e.event() == null));
        // one role chunk, the content chunks, a finish chunk, a usage chunk, [DONE]
        long dataLines = resource("/wire/openai/llama-server-stream.txt").lines()
                .filter(l -> l.startsWith("data: ")).count();
        assertEquals(dataLines, events.size());
    }

    static List<SseEvent> parseWhole(String stream) {
        SseParser parser = new SseParser();
        List<SseEvent> events = new ArrayList<>(parser.feed(bytes(stream)));
        events.addAll(parser.finish());
        return events;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String resource(String path) throws IOException {
        try (InputStream in = SseParserTest.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
