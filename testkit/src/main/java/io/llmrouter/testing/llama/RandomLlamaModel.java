package io.llmrouter.testing.llama;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * Describes a llama-architecture model with random weights as a {@link GgufWriter}: the metadata
 * keys llama.cpp requires ({@code src/llama-model.cpp}, {@code src/llama-vocab.cpp}), a byte-level
 * BPE vocabulary, a ChatML chat template, and the tensors of {@code src/models/llama.cpp}.
 *
 * <p>The outputs are gibberish, but loading, tokenizing, chat templating, slots, metrics and
 * timings are those of a real model, which is all a router test needs.
 */
public final class RandomLlamaModel {

    static final String ARCHITECTURE = "llama";

    /** ChatML, the template of Qwen and many others; llama-server renders it with its Jinja engine. */
    static final String CHATML_TEMPLATE = """
            {%- for message in messages -%}
            {{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' -}}
            {%- endfor -%}
            {%- if add_generation_prompt -%}
            {{- '<|im_start|>assistant\\n' -}}
            {%- endif -%}
            """;

    private RandomLlamaModel() {
    }

    public static GgufWriter describe(TinyModelSpec spec) {
        ByteLevelBpeVocab vocab = ByteLevelBpeVocab.create();
        GgufWriter gguf = new GgufWriter();
        putModelMetadata(gguf, spec);
        putVocabulary(gguf, vocab);
        addTensors(gguf, spec, vocab.size());
        return gguf;
    }

    private static void putModelMetadata(GgufWriter gguf, TinyModelSpec spec) {
        String arch = ARCHITECTURE;
        gguf.put("general.architecture", GgufValue.of(arch))
                .put("general.name", GgufValue.of(spec.name()))
                .put(arch + ".context_length", GgufValue.uint32(spec.contextLength()))
                .put(arch + ".embedding_length", GgufValue.uint32(spec.embeddingLength()))
                .put(arch + ".block_count", GgufValue.uint32(spec.blockCount()))
                .put(arch + ".feed_forward_length", GgufValue.uint32(spec.feedForwardLength()))
                .put(arch + ".attention.head_count", GgufValue.uint32(spec.headCount()))
                .put(arch + ".attention.head_count_kv", GgufValue.uint32(spec.headCountKv()))
                .put(arch + ".rope.dimension_count", GgufValue.uint32(spec.headDimension()))
                .put(arch + ".rope.freq_base", GgufValue.float32(10_000f))
                .put(arch + ".attention.layer_norm_rms_epsilon", GgufValue.float32(1e-5f));
    }

    private static void putVocabulary(GgufWriter gguf, ByteLevelBpeVocab vocab) {
        float[] scores = new float[vocab.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = -i; // BPE ignores scores; a falling score mirrors the merge order
        }
        gguf.put("tokenizer.ggml.model", GgufValue.of("gpt2"))
                // naming the pre-tokenizer avoids llama.cpp's "missing pre-tokenizer" warning
                .put("tokenizer.ggml.pre", GgufValue.of("default"))
                .put("tokenizer.ggml.tokens", new GgufValue.TextArray(vocab.tokens()))
                .put("tokenizer.ggml.scores", new GgufValue.Float32Array(scores))
                .put("tokenizer.ggml.token_type", new GgufValue.Int32Array(vocab.tokenTypes()))
                .put("tokenizer.ggml.merges", new GgufValue.TextArray(vocab.merges()))
                .put("tokenizer.ggml.bos_token_id", GgufValue.uint32(vocab.bosId()))
                .put("tokenizer.ggml.eos_token_id", GgufValue.uint32(vocab.eosId()))
                .put("tokenizer.ggml.add_bos_token", GgufValue.bool(false))
                .put("tokenizer.chat_template", GgufValue.of(CHATML_TEMPLATE));
    }

    private static void addTensors(GgufWriter gguf, TinyModelSpec spec, int vocabSize) {
        SplittableRandom random = new SplittableRandom(spec.seed());
        long width = spec.embeddingLength();
        long kvWidth = (long) spec.headDimension() * spec.headCountKv();
        long ff = spec.feedForwardLength();
        GgmlType type = spec.weightType();

        gguf.addTensor("token_embd.weight", type, new long[] {width, vocabSize}, uniform(random, width));
        gguf.addTensor("output_norm.weight", GgmlType.F32, new long[] {width}, ones());
        gguf.addTensor("output.weight", type, new long[] {width, vocabSize}, uniform(random, width));
        for (int layer = 0; layer < spec.blockCount(); layer++) {
            String block = "blk." + layer + ".";
            gguf.addTensor(block + "attn_norm.weight", GgmlType.F32, new long[] {width}, ones());
            gguf.addTensor(block + "attn_q.weight", type, new long[] {width, width}, uniform(random, width));
            gguf.addTensor(block + "attn_k.weight", type, new long[] {width, kvWidth}, uniform(random, width));
            gguf.addTensor(block + "attn_v.weight", type, new long[] {width, kvWidth}, uniform(random, width));
            gguf.addTensor(block + "attn_output.weight", type, new long[] {width, width}, uniform(random, width));
            gguf.addTensor(block + "ffn_norm.weight", GgmlType.F32, new long[] {width}, ones());
            gguf.addTensor(block + "ffn_gate.weight", type, new long[] {width, ff}, uniform(random, width));
            gguf.addTensor(block + "ffn_up.weight", type, new long[] {width, ff}, uniform(random, width));
            gguf.addTensor(block + "ffn_down.weight", type, new long[] {ff, width}, uniform(random, ff));
        }
    }

    /**
     * Uniform weights scaled by 1/sqrt(fan-in), so activations keep a unit-ish scale through the
     * layers and no logit overflows. Values are drawn when the file is written, in tensor order,
     * from one generator: the same seed gives the same bytes.
     */
    private static DoubleSupplier uniform(SplittableRandom random, long fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        return () -> random.nextDouble(-bound, bound);
    }

    private static DoubleSupplier ones() {
        return () -> 1.0;
    }
}
