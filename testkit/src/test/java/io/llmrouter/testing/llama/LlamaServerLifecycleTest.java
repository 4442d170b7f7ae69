package io.llmrouter.testing.llama;

import static io.llmrouter.testing.llama.LlamaServerRigTest.assertHealthy;
import static io.llmrouter.testing.llama.LlamaServerRigTest.assertRefusesConnections;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kill, restart, API keys and cleanup, each on a rig of its own. */
class LlamaServerLifecycleTest {

    @Test
    void killMakesThePortRefuseAndRestartBringsHealthBackOnTheSamePort() throws Exception {
        try (LlamaServerRig rig = LlamaServerRig.builder().model(TinyModels.TINY).servers(2).build().start()) {
            LlamaServer victim = rig.server(0);
            int port = victim.port();
            long firstPid = victim.pid();
            assertNotEquals(port, rig.server(1).port());

            rig.kill(0);

            assertFalse(victim.isAlive());
            assertRefusesConnections(port);
            assertHealthy(rig.server(1)); // only the killed server is affected

            long begin = System.nanoTime();
            rig.restart(0);
            System.out.printf("[llama-rig] restart of the tiny-model server took %d ms%n", (System.nanoTime() - begin) / 1_000_000);

            assertEquals(port, victim.port());
            assertNotEquals(firstPid, victim.pid());
            assertHealthy(victim);
        }
    }

    @Test
    void closeEndsExactlyTheProcessesTheRigStarted() throws Exception {
        LlamaServerRig rig = LlamaServerRig.builder().model(TinyModels.TINY).servers(2).build().start();
        List<Long> pids = rig.servers().stream().map(LlamaServer::pid).toList();
        List<Integer> ports = rig.servers().stream().map(LlamaServer::port).toList();
        try (LlamaServerRig other = LlamaServerRig.builder().model(TinyModels.TINY).build().start()) {

            rig.close();

            for (long pid : pids) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " survived");
            }
            ports.forEach(LlamaServerRigTest::assertRefusesConnections);
            assertHealthy(other.server(0));
            assertTrue(rig.servers().isEmpty());
            rig.close(); // a second close is harmless
        }
    }

    @Test
    void apiKeyGuardsEverythingButHealthAndStaysOffTheCommandLine() throws Exception {
        String key = "rig-test-key-" + System.nanoTime();
        try (LlamaServerRig rig = LlamaServerRig.builder().model(TinyModels.TINY).apiKey(key).build().start();
             HttpClient http = HttpClient.newHttpClient()) {
            LlamaServer server = rig.server(0);
            HttpResponse<String> anonymousMetrics = http.send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> anonymousHealth = http.send(
                    HttpRequest.newBuilder(server.baseUri().resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());

            assertEquals(401, anonymousMetrics.statusCode());
            assertEquals(200, anonymousHealth.statusCode());
            assertEquals(200, server.get("/metrics").statusCode()); // the rig's own requests carry the key
            Optional<String> commandLine = ProcessHandle.of(server.pid()).flatMap(p -> p.info().commandLine());
            assertTrue(commandLine.isPresent());
            assertFalse(commandLine.get().contains(key), "the API key is visible in the process list");
            assertFalse(rig.toString().contains(key));
        }
    }

    @Test
    void aServerThatCannotLoadItsModelFailsWithItsLog(@TempDir Path dir) throws Exception {
        Path notAModel = Files.writeString(dir.resolve("broken.gguf"), "not a gguf file");
        LlamaServerRig rig = LlamaServerRig.builder().modelFile(notAModel).startupTimeout(Duration.ofSeconds(30)).build();

        IllegalStateException failure = assertThrows(IllegalStateException.class, rig::start);

        assertTrue(failure.getMessage().contains("exited with code"), failure.getMessage());
        assertTrue(failure.getMessage().contains("broken.gguf"), failure.getMessage());
        assertTrue(rig.servers().isEmpty());
    }
}
