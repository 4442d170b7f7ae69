package io.llmrouter.testing.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TinyModelsTest {

    @Test
    void modelsAreWrittenOnceIntoTheCacheAndReused() throws Exception {
        long begin = System.nanoTime();
        Path tiny = TinyModels.tiny();
        Path small = TinyModels.small();
        System.out.printf("[llama-rig] models ready in %d ms (written now or found in %s)%n",
                (System.nanoTime() - begin) / 1_000_000, TinyModels.cacheDirectory());
        int vocab = TinyModels.vocabularySize();
        System.out.printf("[llama-rig] tiny: %,d parameters, %,d bytes; small: %,d parameters, %,d bytes; vocabulary %d%n",
                TinyModels.TINY.parameterCount(vocab), Files.size(tiny),
                TinyModels.SMALL.parameterCount(vocab), Files.size(small), vocab);

        assertEquals(TinyModels.cacheDirectory(), tiny.getParent());
        assertTrue(tiny.getFileName().toString().startsWith("tiny-random-llama-"));
        FileTime written = Files.getLastModifiedTime(tiny);
        assertEquals(tiny, TinyModels.file(TinyModels.TINY));
        assertEquals(written, Files.getLastModifiedTime(tiny));
        assertNotEquals(tiny, small);
        assertNotEquals(TinyModels.fingerprint(TinyModels.TINY), TinyModels.fingerprint(TinyModels.TINY.withSeed(1)));
    }

    @Test
    void parameterCountMatchesTheTensorsWritten() throws Exception {
        GgufHeaderReader.Header header = GgufHeaderReader.read(TinyModels.tiny());
        long elements = header.tensors().stream()
                .mapToLong(t -> Arrays.stream(t.shape()).reduce(1, Math::multiplyExact)).sum();

        assertEquals(TinyModels.TINY.parameterCount(TinyModels.vocabularySize()), elements);
    }

    @Test
    void specRejectsShapesLlamaCppCannotLoad() {
        assertThrows(IllegalArgumentException.class,
                () -> new TinyModelSpec("odd", 64, 2, 256, 5, 5, 2048, GgmlType.F32, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new TinyModelSpec("gqa", 64, 2, 256, 4, 3, 2048, GgmlType.F32, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new TinyModelSpec(" ", 64, 2, 256, 4, 4, 2048, GgmlType.F32, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new TinyModelSpec("zero", 0, 2, 256, 4, 4, 2048, GgmlType.F32, 1));
    }
}
