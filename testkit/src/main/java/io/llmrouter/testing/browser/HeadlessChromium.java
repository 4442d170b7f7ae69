package io.llmrouter.testing.browser;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless: loads a page, lets its scripts run (fetches included) and returns the
 * DOM they left, or a screenshot of it. {@code .ci/run} installs the {@code chromium} package; tests
 * skip (with JUnit's {@code Assumptions}) when {@link #binary()} finds none, so that a developer's
 * machine without it still builds.
 */
public final class HeadlessChromium {

    private static final long TIMEOUT_SECONDS = 60;

    private HeadlessChromium() {
    }

    /** The installed Chromium, if any. */
    public static Optional<Path> binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** The page's DOM once its scripts have had {@code budgetMillis} of virtual time. */
    public static String renderedDom(Path chromium, URI page, int budgetMillis, Path profile) throws IOException, InterruptedException {
        List<String> command = command(chromium, profile);
        command.add("--virtual-time-budget=" + budgetMillis);
        command.add("--dump-dom");
        command.add(page.toString());
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] dom = process.getInputStream().readAllBytes();
        awaitExit(process, page);
        return new String(dom, StandardCharsets.UTF_8);
    }

    /**
     * Renders {@code page} in a {@code width} x {@code height} window (its scripts given a second of virtual
     * time) and writes what shows to {@code png}; returns {@code png}.
     */
    public static Path screenshot(Path chromium, URI page, int width, int height, Path png, Path profile)
            throws IOException, InterruptedException {
        List<String> command = command(chromium, profile);
        command.add("--hide-scrollbars");
        command.add("--window-size=" + width + "," + height);
        command.add("--virtual-time-budget=1000");
        command.add("--screenshot=" + png.toAbsolutePath());
        command.add(page.toString());
        Files.deleteIfExists(png);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitExit(process, page);
        if (!Files.isRegularFile(png)) {
            throw new IOException("chromium wrote no screenshot of " + page + " (exit status " + process.exitValue() + ")");
        }
        return png;
    }

    private static List<String> command(Path chromium, Path profile) {
        return new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile));
    }

    private static void awaitExit(Process process, URI page) throws IOException, InterruptedException {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("chromium did not finish rendering " + page);
        }
    }
}
