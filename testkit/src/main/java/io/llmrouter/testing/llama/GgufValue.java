package io.llmrouter.testing.llama;

import java.io.IOException;
import java.util.List;

/**
 * A metadata value of a GGUF file, one record per {@code gguf_type} the models here need.
 * Each value knows its type code and its little-endian encoding, so the writer needs no switch.
 */
public sealed interface GgufValue {

    // gguf_type numbers from llama.cpp's ggml/include/gguf.h
    int TYPE_UINT32 = 4;
    int TYPE_INT32 = 5;
    int TYPE_FLOAT32 = 6;
    int TYPE_BOOL = 7;
    int TYPE_STRING = 8;
    int TYPE_ARRAY = 9;

    int typeCode();

    void writeTo(LittleEndianSink out) throws IOException;

    static GgufValue of(String value) {
        return new Text(value);
    }

    /** An unsigned 32-bit value; llama.cpp reads counts and token ids as {@code uint32}. */
    static GgufValue uint32(long value) {
        return new Uint32(value);
    }

    static GgufValue float32(float value) {
        return new Float32(value);
    }

    static GgufValue bool(boolean value) {
        return new Bool(value);
    }

    record Text(String value) implements GgufValue {
        public Text {
            if (value == null) {
                throw new IllegalArgumentException("a GGUF string value must not be null");
            }
        }

        @Override
        public int typeCode() {
            return TYPE_STRING;
        }

        @Override
        public void writeTo(LittleEndianSink out) throws IOException {
            out.string(value);
        }
    }

    record Uint32(long value) implements GgufValue {
        public Uint32 {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("uint32 value out of range: " + value);
            }
        }

        @Override
        public int typeCode() {
            return TYPE_UINT32;
        }

        @Override
        public void writeTo(LittleEndianSink out) throws IOException {
            out.int32((int) value);
        }
    }

    record Float32(float value) implements GgufValue {
        @Override
        public int typeCode() {
            return TYPE_FLOAT32;
        }

        @Override
        public void writeTo(LittleEndianSink out) throws IOException {
            out.float32(value);
        }
    }

    record Bool(boolean value) implements GgufValue {
        @Override
        public int typeCode() {
            return TYPE_BOOL;
        }

        @Override
        public void writeTo(LittleEndianSink out) throws IOException {
            out.int8(value ? 1 : 0);
        }
    }

    /** An array is its element type, its length (uint64), then the elements without their type. */
    record TextArray(List<String> values) implements GgufValue {
        public TextArray {
            values = List.copyOf(values);
        }

        @Override
        public int typeCode() {
            return TYPE_ARRAY;
        }

        @Override
        public void writeTo(LittleEndianSink out) throws IOException {
            out.int32(TYPE_STRING);
            out.int64(values.size());
            for (String value : values) {
                out.string(value);
            }
        }
    }

    record Int32Array(int[] values) implements GgufValue {
        public Int32Array {
            values = values.clone();
        }

        @Override
        public int typeCode() {
            return TYPE_ARRAY;
        }

        @Override
        public void writeTo(LittleEndianSink out) throws IOException {
            out.int32(TYPE_INT32);
            out.int64(values.length);
            for (int value : values) {
                out.int32(value);
            }
        }
    }

    record Float32Array(float[] values) implements GgufValue {
        public Float32Array {
            values = values.clone();
        }

        @Override
        public int typeCode() {
            return TYPE_ARRAY;
        }

        @Override
        public void writeTo(LittleEndianSink out) throws IOException {
            out.int32(TYPE_FLOAT32);
            out.int64(values.length);
            for (float value : values) {
                out.float32(value);
            }
        }
    }
}
