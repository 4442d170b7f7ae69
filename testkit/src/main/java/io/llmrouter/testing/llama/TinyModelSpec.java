package io.llmrouter.testing.llama;

/**
 * Shape of a random-weight llama-architecture model. {@code seed} fixes every weight, so one spec
 * always yields the same file.
 *
 * @param name              {@code general.name}, also the default server alias
 * @param embeddingLength   model width (n_embd)
 * @param blockCount        number of transformer layers
 * @param feedForwardLength hidden size of the SwiGLU feed-forward (n_ff)
 * @param headCount         attention heads; embeddingLength must divide evenly by it
 * @param headCountKv       key/value heads (fewer than headCount means grouped-query attention)
 * @param contextLength     training context length the server defaults to
 * @param weightType        storage type of the weight matrices (norm vectors are always F32)
 * @param seed              seed of the weight generator
 */
public record TinyModelSpec(String name, int embeddingLength, int blockCount, int feedForwardLength,
                            int headCount, int headCountKv, int contextLength, GgmlType weightType,
                            long seed) {

    public TinyModelSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
        requirePositive("embeddingLength", embeddingLength);
        requirePositive("blockCount", blockCount);
        requirePositive("feedForwardLength", feedForwardLength);
        requirePositive("headCount", headCount);
        requirePositive("headCountKv", headCountKv);
        requirePositive("contextLength", contextLength);
        if (embeddingLength % headCount != 0) {
            throw new IllegalArgumentException("embeddingLength " + embeddingLength
                    + " is not a multiple of headCount " + headCount);
        }
        if (headCount % headCountKv != 0) {
            throw new IllegalArgumentException("headCount " + headCount
                    + " is not a multiple of headCountKv " + headCountKv);
        }
        if (weightType == null) {
            throw new IllegalArgumentException("a model needs a weight type");
        }
    }

    public TinyModelSpec withSeed(long newSeed) {
        return new TinyModelSpec(name, embeddingLength, blockCount, feedForwardLength, headCount,
                headCountKv, contextLength, weightType, newSeed);
    }

    public int headDimension() {
        return embeddingLength / headCount;
    }

    /** Number of weights in the model for a vocabulary of {@code vocabSize} tokens. */
    public long parameterCount(int vocabSize) {
        long width = embeddingLength;
        long kvWidth = (long) headDimension() * headCountKv;
        long perLayer = 2 * width                      // attention and ffn norms
                + 2 * width * width + 2 * width * kvWidth // q, output; k, v
                + 3 * width * feedForwardLength;          // gate, up, down
        return 2 * width * vocabSize + width + blockCount * perLayer;
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
