package io.llmrouter.clusterauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.llmrouter.config.AuthType;
import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterAuth;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.health.ClusterProbe;
import io.llmrouter.health.ProbeTimeouts;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A llama-server stand-in behind HTTPS that demands a client certificate from the cluster's CA: the probe gets
 * through with the configured PEM certificate and key (RSA or EC), and not without them.
 */
class MutualTlsProbeTest {

    private static final ProbeTimeouts PATIENT = new ProbeTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10));

    @TempDir
    static Path dir;

    private static Path caPem;
    private static LoopbackLlamaServer server;

    @BeforeAll
    static void startServer() {
        TestPki.Issued ca = TestPki.authority("cluster-ca");
        caPem = TestPki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
        TestPki.writeClient(ca, "RSA", TestPki.rsaKeys(), dir);
        TestPki.writeClient(ca, "EC", TestPki.ecKeys(), dir);
        TestPki.writeClient(TestPki.authority("stranger-ca"), "stranger", TestPki.ecKeys(), dir);
        // The server trusts the same CA for client certificates as the router trusts for the server's.
        server = LoopbackLlamaServer.httpsRequiringClientCertificate(TestPki.loopbackServerContext(ca, caPem, dir))
                .servingBusyCluster();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static HealthRecord probe(ClusterAuth auth) {
        ClusterConfig cluster = new ClusterConfig("secure-a", server.endpoint(), "eu-west-1", CloudProvider.AWS, 2.0, null,
                null, List.of(), null, auth);
        try (ClusterProbe probe = ClusterProbe.forCluster(cluster, PATIENT, Clock.systemUTC())) {
            return probe.probe();
        }
    }

    private static ClusterAuth mtls(String client, Path ca) {
        return new ClusterAuth(AuthType.MTLS, null, null, dir.resolve(client + "-cert.pem").toString(),
                dir.resolve(client + "-key.pem").toString(), ca == null ? null : ca.toString());
    }

    /**
     * In TLS 1.3 the server refuses the client's certificate after the client thinks the handshake is done; the
     * client then reads either the server's alert or, if the server already closed, a reset.
     */
    private static void assertRefusedByTls(String reason) {
        assertTrue(reason.startsWith("TLS") || reason.startsWith("I/O error"), reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC"})
    void theClientCertificateGetsThrough(String client) {
        HealthRecord record = probe(mtls(client, caPem));

        assertTrue(record.up(), record.reason());
        assertEquals(List.of("tiny-random-llama"), record.servedModels());
        assertEquals(2, record.requestsProcessing());
    }

    @Test
    void onSharedClientsAnMtlsClusterGetsAClientOfItsOwnAndStillPresentsItsCertificate() {
        try (io.llmrouter.health.ProbeClients clients = new io.llmrouter.health.ProbeClients(PATIENT)) {
            ClusterConfig secure = new ClusterConfig("secure-a", server.endpoint(), "eu-west-1", CloudProvider.AWS, 2.0,
                    null, null, List.of(), null, mtls("EC", caPem));
            ClusterConfig plain = new ClusterConfig("plain", java.net.URI.create("http://127.0.0.1:9"), "eu-west-1",
                    CloudProvider.AWS, 2.0, null, null, List.of(), null, ClusterAuth.none());
            ClusterProbe plainProbe = ClusterProbe.forCluster(plain, PATIENT, Clock.systemUTC(), clients);
            ClusterProbe secureProbe = ClusterProbe.forCluster(secure, PATIENT, Clock.systemUTC(), clients);

            assertEquals(2, clients.size(), "the plain client, and one with the client certificate");
            HealthRecord record = secureProbe.probe();
            assertTrue(record.up(), record.reason());
            assertFalse(plainProbe.probe().up(), "nothing listens on the plain cluster's port");
        }
    }

    @Test
    void withoutAClientCertificateTheClusterIsDown() {
        HealthRecord record = probe(new ClusterAuth(AuthType.NONE, null, null, null, null, caPem.toString()));

        assertFalse(record.up());
        assertRefusedByTls(record.reason());
    }

    @Test
    void aCertificateFromAnotherCaIsRefused() {
        HealthRecord record = probe(mtls("stranger", caPem));

        assertFalse(record.up());
        assertRefusedByTls(record.reason());
    }

    @Test
    void withoutTheClusterCaTheServerIsNotTrusted() {
        HealthRecord record = probe(mtls("EC", null));

        assertFalse(record.up());
        assertEquals("TLS handshake failed", record.reason());
    }
}
