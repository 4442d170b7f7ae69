package io.llmrouter.testing.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In an instance field the rig gives every test fresh servers and stops them after it. */
class LlamaServerRigPerTestTest {

    private static final List<Long> SEEN_PIDS = new CopyOnWriteArrayList<>();

    @RegisterExtension
    final LlamaServerRig llama = LlamaServerRig.builder().model(TinyModels.TINY).build();

    @RepeatedTest(2)
    void eachTestGetsItsOwnRunningServer() {
        LlamaServer server = llama.server(0);
        assertTrue(server.isAlive());
        assertFalse(SEEN_PIDS.contains(server.pid()));
        SEEN_PIDS.add(server.pid());
    }

    @AfterAll
    static void everyServerEndedWithItsTest() {
        assertEquals(2, SEEN_PIDS.size());
        for (long pid : SEEN_PIDS) {
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " survived");
        }
    }
}
