package io.llmrouter.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which port ./run-local serves on: --port, else the config's server.port, else 8080. */
class ListenPortTest {

    @TempDir
    Path dir;

    @Test
    void theConfigsServerPortAppliesUnlessPortIsGiven() throws Exception {
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                server: {port: 9123, readTimeout: 15s}
                clusters: [{name: gpu, endpoint: "http://127.0.0.1:1", costPerHour: 0.09}]
                """);

        assertEquals(9123, LocalDeployment.listenPort(Options.parse(new String[] {"--config", config.toString()})));
        assertEquals(9200, LocalDeployment.listenPort(Options.parse(new String[] {"--config", config.toString(), "--port", "9200"})));
        assertEquals(8080, LocalDeployment.listenPort(Options.parse(new String[0])), "the demo config");
    }
}
