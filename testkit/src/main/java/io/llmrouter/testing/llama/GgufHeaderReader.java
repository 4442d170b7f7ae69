package io.llmrouter.testing.llama;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the header of a GGUF file back (metadata and tensor infos, not the data), independently of
 * {@link GgufWriter}, so tests can check what the writer produced against the format.
 */
final class GgufHeaderReader {

    record TensorInfo(String name, long[] shape, int type, long offset) {
    }

    record Header(int magic, int version, Map<String, Object> metadata, List<TensorInfo> tensors, long dataStart) {
    }

    private final ByteBuffer buffer;

    private GgufHeaderReader(ByteBuffer buffer) {
        this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
    }

    static Header read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            return new GgufHeaderReader(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())).header();
        }
    }

    private Header header() {
        int magic = buffer.getInt();
        int version = buffer.getInt();
        long tensorCount = buffer.getLong();
        long metadataCount = buffer.getLong();
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < metadataCount; i++) {
            String key = string();
            metadata.put(key, value(buffer.getInt()));
        }
        Object alignmentValue = metadata.getOrDefault("general.alignment", (long) GgufWriter.DEFAULT_ALIGNMENT);
        long alignment = ((Number) alignmentValue).longValue();
        List<TensorInfo> tensors = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = string();
            long[] shape = new long[buffer.getInt()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = buffer.getLong();
            }
            tensors.add(new TensorInfo(name, shape, buffer.getInt(), buffer.getLong()));
        }
        long dataStart = (buffer.position() + alignment - 1) / alignment * alignment;
        return new Header(magic, version, metadata, tensors, dataStart);
    }

    /** Scalars become Long/Float/Boolean/String, arrays become List. */
    private Object value(int type) {
        return switch (type) {
            case 0 -> (long) Byte.toUnsignedInt(buffer.get());
            case 1 -> (long) buffer.get();
            case 2 -> (long) Short.toUnsignedInt(buffer.getShort());
            case 3 -> (long) buffer.getShort();
            case 4 -> Integer.toUnsignedLong(buffer.getInt());
            case 5 -> (long) buffer.getInt();
            case 6 -> buffer.getFloat();
            case 7 -> buffer.get() != 0;
            case 8 -> string();
            case 9 -> array();
            case 10, 11 -> buffer.getLong();
            case 12 -> buffer.getDouble();
            default -> throw new IllegalStateException("unknown GGUF value type " + type + " at " + buffer.position());
        };
    }

    private List<Object> array() {
        int elementType = buffer.getInt();
        long length = buffer.getLong();
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < length; i++) {
            values.add(value(elementType));
        }
        return values;
    }

    private String string() {
        byte[] bytes = new byte[Math.toIntExact(buffer.getLong())];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
