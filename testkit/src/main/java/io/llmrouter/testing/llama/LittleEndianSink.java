package io.llmrouter.testing.llama;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * Buffered little-endian writer over a channel that counts the bytes it has written, because GGUF
 * pads sections to an alignment measured from the start of the file.
 */
final class LittleEndianSink implements AutoCloseable {

    private final WritableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    private long written;

    LittleEndianSink(WritableByteChannel channel) {
        this.channel = channel;
    }

    long position() {
        return written + buffer.position();
    }

    void int8(int value) throws IOException {
        room(1).put((byte) value);
    }

    void int16(short value) throws IOException {
        room(2).putShort(value);
    }

    void int32(int value) throws IOException {
        room(4).putInt(value);
    }

    void int64(long value) throws IOException {
        room(8).putLong(value);
    }

    void float32(float value) throws IOException {
        room(4).putFloat(value);
    }

    /** A GGUF string: uint64 byte length, then UTF-8 bytes without a terminator. */
    void string(String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        int64(bytes.length);
        for (byte b : bytes) {
            room(1).put(b);
        }
    }

    /** Writes zero bytes until the position is a multiple of {@code alignment}. */
    void padTo(int alignment) throws IOException {
        while (position() % alignment != 0) {
            int8(0);
        }
    }

    private ByteBuffer room(int bytes) throws IOException {
        if (buffer.remaining() < bytes) {
            flush();
        }
        return buffer;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            written += channel.write(buffer);
        }
        buffer.clear();
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
