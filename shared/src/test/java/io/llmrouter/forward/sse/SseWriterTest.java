package io.llmrouter.forward.sse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SseWriterTest {

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(SseEvent.data("[DONE]"), "data: [DONE]\n\n"),
                Arguments.of(SseEvent.data("{\"a\":1}"), "data: {\"a\":1}\n\n"),
                Arguments.of(SseEvent.data(""), "data: \n\n"),
                Arguments.of(SseEvent.data("one\ntwo"), "data: one\ndata: two\n\n"),
                Arguments.of(SseEvent.data("one\r\ntwo\rthree"), "data: one\ndata: two\ndata: three\n\n"),
                Arguments.of(SseEvent.named("message_stop", "{}"), "event: message_stop\ndata: {}\n\n"),
                Arguments.of(new SseEvent("e", "d", "42"), "event: e\nid: 42\ndata: d\n\n"));
    }

    @ParameterizedTest
    @MethodSource("events")
    void formats(SseEvent event, String expected) {
        assertEquals(expected, SseWriter.format(event));
    }

    @ParameterizedTest
    @MethodSource("events")
    void whatIsWrittenParsesBack(SseEvent event, String ignored) {
        List<SseEvent> parsed = SseParserTest.parseWhole(SseWriter.format(event));
        String expectedData = event.data().replace("\r\n", "\n").replace("\r", "\n");
        assertEquals(List.of(new SseEvent(event.event(), expectedData, event.id())), parsed);
    }

    @Test
    void writesUtf8ToAStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseWriter.write(out, SseEvent.data("héllo"));
        assertEquals("data: héllo\n\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commentsAreSkippedByReaders() {
        byte[] ping = SseWriter.comment("keep-alive");
        assertEquals(": keep-alive\n\n", new String(ping, StandardCharsets.UTF_8));
        assertEquals(List.of(), SseParserTest.parseWhole(new String(ping, StandardCharsets.UTF_8)));
        assertEquals(":\n\n", new String(SseWriter.comment(""), StandardCharsets.UTF_8));
    }

    @Test
    void refusesLineBreaksWhereTheyWouldEndTheField() {
        assertThrows(IllegalArgumentException.class, () -> SseWriter.format(SseEvent.named("a\nb", "x")));
        assertThrows(IllegalArgumentException.class, () -> SseWriter.format(new SseEvent(null, "x", "1\r2")));
        assertThrows(IllegalArgumentException.class, () -> SseWriter.comment("two\nlines"));
    }
}
