package io.llmrouter.testing.llama;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Finds the {@code llama-server} binary through the repository's {@code scripts/provide-llama-server},
 * which returns a configured or cached binary at once and otherwise builds one from source (minutes,
 * once per machine; concurrent callers wait on the script's lock instead of building twice).
 */
public final class LlamaServerBinary {

    static final String SCRIPT = "scripts/provide-llama-server";
    /** A first build takes ~7 minutes on 2 cores; waiting for another JVM's build can add as much. */
    private static final long SCRIPT_TIMEOUT_MINUTES = 30;
    private static final int STDERR_LINES_KEPT = 40;

    private static Path located;

    private LlamaServerBinary() {
    }

    /**
     * The binary's path, located once per JVM. The script's progress goes to this JVM's stderr,
     * so a test run that triggers the build shows why it is waiting.
     *
     * @throws IllegalStateException when the script is missing, fails or times out
     */
    public static synchronized Path locate() {
        if (located == null) {
            located = runScript(findRepositoryRoot(Path.of("").toAbsolutePath()));
        }
        return located;
    }

    /** The nearest directory at or above {@code start} that holds {@value #SCRIPT}. */
    static Path findRepositoryRoot(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(SCRIPT))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + SCRIPT + " in " + start + " or any parent directory;"
                + " run the tests from inside the llm-router repository");
    }

    private static Path runScript(Path repositoryRoot) {
        Path script = repositoryRoot.resolve(SCRIPT);
        Process process;
        try {
            process = new ProcessBuilder("bash", script.toString()).directory(repositoryRoot.toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        }
        Deque<String> stderrTail = new ArrayDeque<>();
        Thread relay = Thread.ofVirtual().name("provide-llama-server-stderr")
                .start(() -> relayStderr(process, stderrTail));
        try {
            process.getOutputStream().close();
            String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(SCRIPT_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(SCRIPT + " did not finish within " + SCRIPT_TIMEOUT_MINUTES + " minutes");
            }
            relay.join();
            String lastLine = stdout.isEmpty() ? "" : stdout.substring(stdout.lastIndexOf('\n') + 1).strip();
            Path binary = lastLine.isEmpty() ? null : Path.of(lastLine);
            if (process.exitValue() != 0 || binary == null || !Files.isExecutable(binary)) {
                throw new IllegalStateException(SCRIPT + " failed (exit " + process.exitValue() + ", printed '"
                        + lastLine + "'); its last messages:\n" + String.join("\n", snapshot(stderrTail)));
            }
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + SCRIPT, e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + SCRIPT, e);
        }
    }

    private static void relayStderr(Process process, Deque<String> tail) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                System.err.println(line);
                synchronized (tail) {
                    tail.addLast(line);
                    if (tail.size() > STDERR_LINES_KEPT) {
                        tail.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("[llama-server] lost the script's progress output: " + e.getMessage());
        }
    }

    private static Deque<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return new ArrayDeque<>(tail);
        }
    }
}
