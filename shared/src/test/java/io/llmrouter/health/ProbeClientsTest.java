package io.llmrouter.health;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterAuth;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probes on shared HTTP clients: one client for every plain cluster, and closing a probe leaves the others working. */
class ProbeClientsTest {

    private static final ProbeTimeouts PATIENT = new ProbeTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(10));

    private final List<LoopbackLlamaServer> servers = new ArrayList<>();
    private ProbeClients clients;

    @BeforeEach
    void start() {
        for (int i = 0; i < 3; i++) {
            servers.add(LoopbackLlamaServer.http().servingBusyCluster());
        }
        clients = new ProbeClients(PATIENT);
    }

    @AfterEach
    void stop() {
        clients.close();
        servers.forEach(LoopbackLlamaServer::close);
    }

    private ClusterProbe probe(int i) {
        ClusterConfig cluster = new ClusterConfig("c" + i, servers.get(i).endpoint(), "local", CloudProvider.AWS, 0.1,
                null, null, List.of(), null, ClusterAuth.none());
        return ClusterProbe.forCluster(cluster, PATIENT, Clock.systemUTC(), clients);
    }

    @Test
    void plainClustersShareOneClientAndAClosedProbeLeavesItOpen() {
        List<ClusterProbe> probes = List.of(probe(0), probe(1), probe(2));
        assertEquals(1, clients.size());
        probes.forEach(p -> assertTrue(p.probe().up()));

        probes.get(0).close();
        assertTrue(probes.get(1).probe().up(), "the shared client outlives one probe");
        assertTrue(probes.get(2).probe().up());
    }

    @Test
    void closingTheSharedClientsStopsTheProbesOnThem() {
        ClusterProbe probe = probe(0);
        assertTrue(probe.probe().up());

        clients.close();
        HealthRecord after = probe.probe();
        assertFalse(after.up(), "a probe on closed clients reports the cluster down rather than throwing");
    }
}
