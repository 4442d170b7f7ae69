package io.llmrouter.testing.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlamaServerBinaryTest {

    @Test
    void locatesAnExecutableOncePerJvm() {
        Path binary = LlamaServerBinary.locate();

        assertTrue(Files.isExecutable(binary), binary + " is not executable");
        assertSame(binary, LlamaServerBinary.locate());
    }

    @Test
    void repositoryRootIsFoundFromANestedDirectory(@TempDir Path dir) throws Exception {
        Path script = dir.resolve(LlamaServerBinary.SCRIPT);
        Files.createDirectories(script.getParent());
        Files.writeString(script, "#!/bin/sh\n");
        Path nested = Files.createDirectories(dir.resolve("functions/route/target"));

        assertEquals(dir, LlamaServerBinary.findRepositoryRoot(nested));
    }

    @Test
    void aMissingScriptIsAClearError(@TempDir Path dir) {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> LlamaServerBinary.findRepositoryRoot(dir));

        assertTrue(error.getMessage().contains(LlamaServerBinary.SCRIPT), error.getMessage());
    }
}
