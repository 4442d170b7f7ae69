package io.llmrouter.testing.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {

    @TempDir
    Path dir;

    @Test
    void sameSeedWritesTheSameBytes() throws IOException {
        Path first = dir.resolve("a.gguf");
        Path second = dir.resolve("b.gguf");
        TinyModels.write(TinyModels.TINY, first);
        TinyModels.write(TinyModels.TINY, second);

        assertEquals(-1, Files.mismatch(first, second));
    }

    @Test
    void differentSeedWritesDifferentWeightsButTheSameHeader() throws IOException {
        Path first = dir.resolve("a.gguf");
        Path second = dir.resolve("b.gguf");
        TinyModels.write(TinyModels.TINY, first);
        TinyModels.write(TinyModels.TINY.withSeed(7), second);

        long firstDifference = Files.mismatch(first, second);
        assertTrue(firstDifference >= 0, "different seeds gave identical files");
        assertTrue(firstDifference >= GgufHeaderReader.read(first).dataStart(),
                "the seed should only change tensor data, yet the files differ at byte " + firstDifference);
    }

    @Test
    void headerParsesBackAsGgufVersion3WithTheLlamaKeys() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        TinyModels.write(TinyModels.TINY, file);

        GgufHeaderReader.Header header = GgufHeaderReader.read(file);

        assertEquals(GgufWriter.MAGIC, header.magic());
        assertEquals("GGUF", new String(Files.readAllBytes(file), 0, 4, StandardCharsets.US_ASCII));
        assertEquals(3, header.version());
        assertEquals(3 + 9 * TinyModels.TINY.blockCount(), header.tensors().size());
        Map<String, Object> metadata = header.metadata();
        assertEquals("llama", metadata.get("general.architecture"));
        assertEquals(64L, metadata.get("llama.embedding_length"));
        assertEquals(2L, metadata.get("llama.block_count"));
        assertEquals(256L, metadata.get("llama.feed_forward_length"));
        assertEquals(4L, metadata.get("llama.attention.head_count"));
        assertEquals(16L, metadata.get("llama.rope.dimension_count"));
        assertEquals(1e-5f, metadata.get("llama.attention.layer_norm_rms_epsilon"));
        assertEquals("gpt2", metadata.get("tokenizer.ggml.model"));
        List<?> tokens = (List<?>) metadata.get("tokenizer.ggml.tokens");
        assertEquals(TinyModels.vocabularySize(), tokens.size());
        assertEquals(tokens.size(), ((List<?>) metadata.get("tokenizer.ggml.token_type")).size());
        assertEquals("<|im_end|>", tokens.get(Math.toIntExact((Long) metadata.get("tokenizer.ggml.eos_token_id"))));
        assertTrue(((String) metadata.get("tokenizer.chat_template")).contains("<|im_start|>"));
    }

    @Test
    void tensorsAreAlignedAndFillTheFile() throws IOException {
        Path file = dir.resolve("tiny.gguf");
        TinyModels.write(TinyModels.TINY, file);
        GgufHeaderReader.Header header = GgufHeaderReader.read(file);

        long expectedOffset = 0;
        for (GgufHeaderReader.TensorInfo tensor : header.tensors()) {
            assertEquals(expectedOffset, tensor.offset(), tensor.name());
            assertEquals(0, (header.dataStart() + tensor.offset()) % GgufWriter.DEFAULT_ALIGNMENT, tensor.name());
            long bytes = Arrays.stream(tensor.shape()).reduce(1, Math::multiplyExact) * (tensor.type() == 0 ? 4 : 2);
            expectedOffset = (tensor.offset() + bytes + 31) / 32 * 32;
        }
        assertEquals(header.dataStart() + expectedOffset, Files.size(file));
        GgufHeaderReader.TensorInfo embeddings = header.tensors().get(0);
        assertEquals("token_embd.weight", embeddings.name());
        assertArrayEquals(new long[] {64, TinyModels.vocabularySize()}, embeddings.shape());
    }

    @Test
    void f16TensorsTakeTwoBytesPerElement() throws IOException {
        Path file = dir.resolve("half.gguf");
        new GgufWriter()
                .put("general.architecture", GgufValue.of("llama"))
                .addTensor("a", GgmlType.F16, new long[] {3, 5}, () -> 1.5)
                .addTensor("b", GgmlType.F32, new long[] {4}, () -> 2.0)
                .writeTo(file);

        GgufHeaderReader.Header header = GgufHeaderReader.read(file);
        assertEquals(List.of("a", "b"), header.tensors().stream().map(GgufHeaderReader.TensorInfo::name).toList());
        assertEquals(32, header.tensors().get(1).offset()); // 30 bytes of F16, padded to 32
        assertEquals(header.dataStart() + 32 + 32, Files.size(file));
        byte[] bytes = Files.readAllBytes(file);
        int firstHalf = (bytes[(int) header.dataStart()] & 0xFF) | (bytes[(int) header.dataStart() + 1] & 0xFF) << 8;
        assertEquals(1.5f, Float.float16ToFloat((short) firstHalf));
    }

    @Test
    void customAlignmentIsRecordedAndUsed() throws IOException {
        Path file = dir.resolve("aligned.gguf");
        new GgufWriter(64).addTensor("t", GgmlType.F32, new long[] {3}, () -> 0).writeTo(file);

        GgufHeaderReader.Header header = GgufHeaderReader.read(file);
        assertEquals(64L, header.metadata().get("general.alignment"));
        assertEquals(0, header.dataStart() % 64);
        assertEquals(header.dataStart() + 64, Files.size(file));
    }

    @Test
    void rejectsWhatLlamaCppWouldRefuse() {
        GgufWriter writer = new GgufWriter().put("k", GgufValue.of("v"));
        assertThrows(IllegalArgumentException.class, () -> writer.put("k", GgufValue.of("again")));
        writer.addTensor("t", GgmlType.F32, new long[] {1}, () -> 0);
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("t", GgmlType.F32, new long[] {1}, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("u", GgmlType.F32, new long[] {0}, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("x".repeat(64), GgmlType.F32, new long[] {1}, () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new GgufWriter(24));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.uint32(-1));
        assertThrows(IllegalArgumentException.class, () -> GgufValue.uint32(1L << 32));
    }

    @Test
    void vocabularyCoversEveryByteAndMergesOnlyKnownTokens() {
        ByteLevelBpeVocab vocab = ByteLevelBpeVocab.create();
        List<String> tokens = vocab.tokens();

        assertEquals(256, tokens.stream().limit(256).distinct().count());
        assertEquals("\u0120", tokens.get(' '));
        assertEquals(tokens.size(), tokens.stream().distinct().count());
        for (String merge : vocab.merges()) {
            String[] parts = merge.split(" ");
            assertEquals(2, parts.length, merge);
            assertTrue(tokens.contains(parts[0]) && tokens.contains(parts[1]) && tokens.contains(parts[0] + parts[1]), merge);
        }
        assertTrue(tokens.contains("\u0120world"));
    }
}
