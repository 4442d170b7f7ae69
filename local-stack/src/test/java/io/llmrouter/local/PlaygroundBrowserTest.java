package io.llmrouter.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.testing.browser.HeadlessChromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The playground of {@code ./run-local}, used as a person would use it: Playwright drives Debian's Chromium
 * ({@code browser-tests/playground.mjs}) through a prompt, the answer streaming in, the decision, a cluster
 * stopped with its button and the failover that follows. Skips when Chromium or the browser tests' npm
 * dependency is missing ({@code .ci/run} and {@code ./run-tests} install both).
 */
class PlaygroundBrowserTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path work;
    static LocalDeployment stack;
    static URI base;

    @BeforeAll
    static void start() throws Exception {
        stack = DemoStack.start(work);
        base = DemoStack.base(stack);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    static HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFrontDoorServesThePlaygroundAndTheDemoServersSwitches() throws Exception {
        HttpResponse<String> page = send("GET", "/playground");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("aria-live"), "the streamed answer is announced");
        JsonNode clusters = JSON.readTree(send("GET", "/local/clusters").body()).path("clusters");
        assertEquals(LocalDeployment.DEMO_CLUSTERS, clusters.findValuesAsText("name"));
    }

    @Test
    void aPromptStreamsInTheBrowserAndAStoppedClusterFailsOverToAnother() throws Exception {
        Path chromium = HeadlessChromium.binary().orElse(null);
        Assumptions.assumeTrue(chromium != null, "Debian's chromium package is not installed (.ci/run installs it)");
        Path tests = browserTests();
        Assumptions.assumeTrue(tests != null && Files.isDirectory(tests.resolve("node_modules/playwright-core")),
                "browser-tests/node_modules is missing: run `npm ci` in browser-tests (./run-tests and .ci/run do)");
        Assumptions.assumeTrue(nodeWorks(), "node is not installed (Debian: apt-get install -y nodejs npm)");

        Path screenshot = Path.of(System.getProperty("playground.screenshot", "target/playground.png")).toAbsolutePath();
        Files.createDirectories(screenshot.getParent());
        Process node = new ProcessBuilder("node", "playground.mjs", "--base", base.toString(), "--chromium",
                chromium.toString(), "--screenshot", screenshot.toString())
                .directory(tests.toFile()).redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(node.waitFor(3, TimeUnit.MINUTES), "the browser test did not finish: " + output);
        assertEquals(0, node.exitValue(), output);
        System.out.println("[playground] " + output.strip());

        JsonNode seen = JSON.readTree(output.lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow());
        String first = seen.path("first").path("target").asText();
        String second = seen.path("second").path("target").asText();
        assertTrue(LocalDeployment.DEMO_CLUSTERS.contains(first), output);
        assertTrue(LocalDeployment.DEMO_CLUSTERS.contains(second), output);
        assertNotEquals(first, second, "the stopped cluster answered again");
        assertTrue(seen.path("first").path("growthMoments").asInt() >= 2, "tokens arrived as they came: " + output);
        assertEquals(List.of(1280, 800), pngSize(screenshot));

        // The button stopped the real llama-server; the same endpoint starts it again.
        JsonNode stopped = JSON.readTree(send("GET", "/local/clusters").body()).path("clusters")
                .get(LocalDeployment.DEMO_CLUSTERS.indexOf(first));
        assertEquals(false, stopped.path("running").asBoolean(), stopped.toString());
        HttpResponse<String> started = send("POST", "/local/clusters/" + first + "/start");
        assertEquals(200, started.statusCode(), started.body());
        assertTrue(JSON.readTree(started.body()).path("running").asBoolean());
        assertTrue(stack.llama().server(LocalDeployment.DEMO_CLUSTERS.indexOf(first)).isAlive());
    }

    /** The repository's browser-tests directory, from the module's directory or any above it. */
    static Path browserTests() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("browser-tests/package.json"))) {
                return dir.resolve("browser-tests");
            }
        }
        return null;
    }

    static boolean nodeWorks() {
        try {
            Process version = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor(30, TimeUnit.SECONDS) && version.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Width and height from a PNG's IHDR chunk. */
    static List<Integer> pngSize(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            data.skipNBytes(16);
            return List.of(data.readInt(), data.readInt());
        }
    }
}
