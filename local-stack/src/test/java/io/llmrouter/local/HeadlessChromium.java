package io.llmrouter.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium, headless: loads a page, lets its scripts run (fetches included) and returns the
 * DOM they left. {@code .ci/run} installs the {@code chromium} package.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static Optional<Path> binary() {
        for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            Path path = Path.of(candidate);
            if (Files.isExecutable(path)) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /** The page's DOM once its scripts have had {@code budgetMillis} of virtual time. */
    static String renderedDom(Path chromium, URI page, int budgetMillis, Path profile) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile,
                "--virtual-time-budget=" + budgetMillis, "--dump-dom", page.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        byte[] dom = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("chromium did not finish rendering " + page);
        }
        return new String(dom, StandardCharsets.UTF_8);
    }
}
