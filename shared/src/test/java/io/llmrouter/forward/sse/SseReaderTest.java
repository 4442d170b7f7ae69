package io.llmrouter.forward.sse;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SseReaderTest {

    @Test
    void returnsEachEventBeforeTheNextChunkIsRead() throws IOException {
        ChunkedInput in = new ChunkedInput("data: a\n", "\ndata: b\n\n", "data: c\n\n");
        SseReader reader = new SseReader(in);
        assertEquals(SseEvent.data("a"), reader.next());
        assertEquals(2, in.reads, "the first event needs only the first two chunks");
        assertEquals(SseEvent.data("b"), reader.next());
        assertEquals(2, in.reads, "the second event was complete in the second chunk");
        assertEquals(SseEvent.data("c"), reader.next());
        assertNull(reader.next());
        assertNull(reader.next());
        assertFalse(reader.endedMidEvent());
    }

    @Test
    void readsAWholeAnthropicTranscriptInTinyPieces() throws IOException {
        String transcript = SseParserTest.resource("/wire/anthropic/stream-basic.txt");
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < transcript.length(); i += 3) {
            pieces.add(transcript.substring(i, Math.min(transcript.length(), i + 3)));
        }
        SseReader reader = new SseReader(new ChunkedInput(pieces.toArray(String[]::new)));
        List<String> names = new ArrayList<>();
        for (SseEvent e; (e = reader.next()) != null; ) {
            names.add(e.event());
        }
        assertEquals(List.of("message_start", "content_block_start", "ping", "content_block_delta",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop"), names);
    }

    @Test
    void tellsWhenTheStreamWasCutMidEvent() throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(
                "data: a\n\ndata: {\"trunc".getBytes(StandardCharsets.UTF_8)));
        assertEquals(SseEvent.data("a"), reader.next());
        assertNull(reader.next());
        assertTrue(reader.endedMidEvent());
    }

    /** Hands out one chunk per read, like a network stream, and counts the reads. */
    private static final class ChunkedInput extends InputStream {
        private final Deque<byte[]> chunks = new ArrayDeque<>();
        int reads;

        ChunkedInput(String... chunks) {
            for (String chunk : chunks) {
                this.chunks.add(chunk.getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException("the reader reads in blocks");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            byte[] chunk = chunks.poll();
            if (chunk == null) {
                return -1;
            }
            reads++;
            System.arraycopy(chunk, 0, b, off, chunk.length);
            return chunk.length;
        }
    }
}
