package io.llmrouter.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the llama-server fixtures copied into {@code src/test/resources/llama-server/}. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String llamaServer(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/llama-server/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture llama-server/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
