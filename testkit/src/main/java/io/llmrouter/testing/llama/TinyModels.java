package io.llmrouter.testing.llama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Random-weight GGUF models for tests, written once into a cache directory and reused.
 *
 * <p>The cache is {@code $LLM_ROUTER_CACHE/models}, else {@code $XDG_CACHE_HOME/llm-router/models},
 * else {@code ~/.cache/llm-router/models} (the same root as {@code scripts/provide-llama-server}).
 * File names carry a hash of the spec and of {@link #FORMAT_REVISION}, so a changed spec or
 * generator never picks up a stale file.
 */
public final class TinyModels {

    /** Bump when the generator's output changes for an unchanged spec. */
    static final int FORMAT_REVISION = 1;

    /** ~0.7 MB: loads in milliseconds and generates thousands of tokens per second. */
    public static final TinyModelSpec TINY =
            new TinyModelSpec("tiny-random-llama", 64, 2, 256, 4, 4, 2048, GgmlType.F32, 42);

    /**
     * ~26M parameters (F16, ~52 MB): slow enough per token on one thread that long generations stay
     * in flight and further requests queue behind busy slots.
     */
    public static final TinyModelSpec SMALL =
            new TinyModelSpec("small-random-llama", 512, 8, 1408, 8, 8, 2048, GgmlType.F16, 42);

    private static final Map<TinyModelSpec, Path> WRITTEN = new ConcurrentHashMap<>();

    private TinyModels() {
    }

    public static Path tiny() {
        return file(TINY);
    }

    public static Path small() {
        return file(SMALL);
    }

    /** The cached GGUF file of {@code spec}, written on first use. */
    public static Path file(TinyModelSpec spec) {
        return WRITTEN.computeIfAbsent(spec, TinyModels::writeIfMissing);
    }

    /** Writes {@code spec} to {@code target} without any caching. */
    public static void write(TinyModelSpec spec, Path target) throws IOException {
        RandomLlamaModel.describe(spec).writeTo(target);
    }

    public static int vocabularySize() {
        return ByteLevelBpeVocab.create().size();
    }

    static Path cacheDirectory() {
        String root = System.getenv("LLM_ROUTER_CACHE");
        if (root == null || root.isBlank()) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path base = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
            return base.resolve("llm-router").resolve("models");
        }
        return Path.of(root).resolve("models");
    }

    private static Path writeIfMissing(TinyModelSpec spec) {
        Path target = cacheDirectory().resolve(spec.name() + "-" + fingerprint(spec) + ".gguf");
        if (Files.isRegularFile(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            // Write beside the target, then rename: a concurrent test JVM sees a whole file or none.
            Path partial = Files.createTempFile(target.getParent(), spec.name() + "-", ".partial");
            try {
                write(spec, partial);
                moveIntoPlace(partial, target);
            } finally {
                Files.deleteIfExists(partial);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + spec.name() + " to " + target, e);
        }
    }

    private static void moveIntoPlace(Path partial, Path target) throws IOException {
        try {
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static String fingerprint(TinyModelSpec spec) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((spec + "|revision=" + FORMAT_REVISION).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
