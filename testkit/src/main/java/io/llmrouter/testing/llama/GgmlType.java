package io.llmrouter.testing.llama;

/**
 * Tensor element types this writer can produce, with their {@code ggml_type} numbers from
 * llama.cpp's {@code ggml.h}. Only the unquantized float types: random weights gain nothing from
 * quantization, and these two need no block layout.
 */
public enum GgmlType {
    F32(0, 4),
    F16(1, 2);

    private final int code;
    private final int bytesPerElement;

    GgmlType(int code, int bytesPerElement) {
        this.code = code;
        this.bytesPerElement = bytesPerElement;
    }

    /** The {@code ggml_type} value stored in a tensor info. */
    public int code() {
        return code;
    }

    public int bytesPerElement() {
        return bytesPerElement;
    }
}
