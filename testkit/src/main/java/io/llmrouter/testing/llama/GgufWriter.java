package io.llmrouter.testing.llama;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Writes a GGUF version 3 file, the model format llama.cpp loads ({@code ggml/include/gguf.h}):
 * magic, version, tensor count, metadata count, the metadata key/value pairs, the tensor infos,
 * then the tensor data, each tensor starting at a multiple of the alignment.
 *
 * <p>Tensor data is streamed from a value source while writing, so a model of hundreds of
 * megabytes never has to sit in memory.
 */
public final class GgufWriter {

    /** The four bytes "GGUF" read as a little-endian uint32. */
    public static final int MAGIC = 0x46554747;
    public static final int VERSION = 3;
    public static final int DEFAULT_ALIGNMENT = 32;
    /** llama.cpp's GGML_MAX_NAME includes the terminating zero. */
    static final int MAX_TENSOR_NAME_BYTES = 63;
    static final int MAX_DIMENSIONS = 4;

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private final int alignment;

    public GgufWriter() {
        this(DEFAULT_ALIGNMENT);
    }

    /** A non-default alignment is also recorded under {@code general.alignment}, as readers expect. */
    public GgufWriter(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("GGUF alignment must be a power of two, got " + alignment);
        }
        this.alignment = alignment;
        if (alignment != DEFAULT_ALIGNMENT) {
            put("general.alignment", GgufValue.uint32(alignment));
        }
    }

    public GgufWriter put(String key, GgufValue value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a GGUF key must not be empty");
        }
        if (metadata.putIfAbsent(key, value) != null) {
            throw new IllegalArgumentException("duplicate GGUF key: " + key);
        }
        return this;
    }

    /**
     * Adds a tensor. {@code shape} is in ggml order: {@code shape[0]} is the contiguous (row)
     * dimension, so a matrix mapping n_embd inputs to n_ff outputs has shape {n_embd, n_ff}.
     * {@code values} is asked for every element in storage order when the file is written.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] shape, DoubleSupplier values) {
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_TENSOR_NAME_BYTES) {
            throw new IllegalArgumentException("tensor name longer than " + MAX_TENSOR_NAME_BYTES + " bytes: " + name);
        }
        if (shape.length == 0 || shape.length > MAX_DIMENSIONS) {
            throw new IllegalArgumentException("tensor " + name + " needs 1 to 4 dimensions, got " + shape.length);
        }
        if (Arrays.stream(shape).anyMatch(size -> size <= 0)) {
            throw new IllegalArgumentException("tensor " + name + " has a non-positive dimension: " + Arrays.toString(shape));
        }
        if (tensors.stream().anyMatch(tensor -> tensor.name.equals(name))) {
            throw new IllegalArgumentException("duplicate tensor name: " + name);
        }
        tensors.add(new Tensor(name, type, shape.clone(), values));
        return this;
    }

    /** Writes the file, replacing {@code target} if it exists. */
    public void writeTo(Path target) throws IOException {
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
             LittleEndianSink out = new LittleEndianSink(channel)) {
            out.int32(MAGIC);
            out.int32(VERSION);
            out.int64(tensors.size());
            out.int64(metadata.size());
            for (Map.Entry<String, GgufValue> entry : metadata.entrySet()) {
                out.string(entry.getKey());
                out.int32(entry.getValue().typeCode());
                entry.getValue().writeTo(out);
            }
            long offset = 0;
            for (Tensor tensor : tensors) {
                out.string(tensor.name);
                out.int32(tensor.shape.length);
                for (long size : tensor.shape) {
                    out.int64(size);
                }
                out.int32(tensor.type.code());
                out.int64(offset);
                offset = alignUp(offset + tensor.byteSize());
            }
            out.padTo(alignment);
            for (Tensor tensor : tensors) {
                tensor.writeData(out);
                out.padTo(alignment);
            }
        }
    }

    private long alignUp(long position) {
        return (position + alignment - 1) / alignment * alignment;
    }

    private record Tensor(String name, GgmlType type, long[] shape, DoubleSupplier values) {

        long elementCount() {
            return Arrays.stream(shape).reduce(1, Math::multiplyExact);
        }

        long byteSize() {
            return elementCount() * type.bytesPerElement();
        }

        void writeData(LittleEndianSink out) throws IOException {
            long count = elementCount();
            for (long i = 0; i < count; i++) {
                float value = (float) values.getAsDouble();
                switch (type) {
                    case F32 -> out.float32(value);
                    case F16 -> out.int16(Float.floatToFloat16(value));
                }
            }
        }
    }
}
