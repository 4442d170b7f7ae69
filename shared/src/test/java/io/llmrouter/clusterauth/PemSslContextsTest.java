package io.llmrouter.clusterauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemSslContextsTest {

    @TempDir
    static Path dir;

    private static TestPki.Issued ca;
    private static TestPki.Issued rsaClient;
    private static TestPki.Issued ecClient;
    private static Path caPem;

    @BeforeAll
    static void issueCertificates() {
        ca = TestPki.authority("test-ca");
        rsaClient = TestPki.client(ca, "router-rsa", TestPki.rsaKeys());
        ecClient = TestPki.client(ca, "router-ec", TestPki.ecKeys());
        caPem = TestPki.writeCertificates(dir.resolve("ca.pem"), ca.certificate());
    }

    @Test
    void readsRsaAndEcPkcs8Keys() {
        for (TestPki.Issued client : List.of(rsaClient, ecClient)) {
            String name = client.keys().getPrivate().getAlgorithm();
            Path cert = TestPki.writeCertificates(dir.resolve(name + "-cert.pem"), client.certificate(), ca.certificate());
            Path key = TestPki.writePkcs8Key(dir.resolve(name + "-key.pem"), client.keys().getPrivate());

            assertEquals(client.keys().getPrivate(), PemSslContexts.readPrivateKey(key, client.certificate()));
            assertEquals(List.of(client.certificate(), ca.certificate()), PemSslContexts.readCertificates(cert));
            assertNotNull(PemSslContexts.create(cert, key, caPem));
        }
    }

    @Test
    void aCaBundleAloneIsEnough() {
        assertNotNull(PemSslContexts.create(null, null, caPem));
    }

    @Test
    void olderOpensslKeyFormatsAreRefusedWithTheConversionCommand() {
        Path legacy = TestPki.writeLegacyKey(dir.resolve("legacy-rsa.pem"), rsaClient.keys().getPrivate());

        ClusterAuthException error = assertThrows(ClusterAuthException.class,
                () -> PemSslContexts.readPrivateKey(legacy, rsaClient.certificate()));
        assertTrue(error.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), error.getMessage());
    }

    @Test
    void encryptedKeysAreRefused() {
        Path encrypted = TestPki.writeEncryptedKey(dir.resolve("encrypted.pem"), ecClient.keys().getPrivate());

        ClusterAuthException error = assertThrows(ClusterAuthException.class,
                () -> PemSslContexts.readPrivateKey(encrypted, ecClient.certificate()));
        assertTrue(error.getMessage().contains("encrypted"), error.getMessage());
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        Path otherEcKey = TestPki.writePkcs8Key(dir.resolve("other-ec.pem"), TestPki.ecKeys().getPrivate());
        Path rsaKey = TestPki.writePkcs8Key(dir.resolve("rsa-for-ec.pem"), rsaClient.keys().getPrivate());

        ClusterAuthException sameAlgorithm = assertThrows(ClusterAuthException.class,
                () -> PemSslContexts.readPrivateKey(otherEcKey, ecClient.certificate()));
        assertTrue(sameAlgorithm.getMessage().contains("does not belong"), sameAlgorithm.getMessage());
        ClusterAuthException otherAlgorithm = assertThrows(ClusterAuthException.class,
                () -> PemSslContexts.readPrivateKey(rsaKey, ecClient.certificate()));
        assertTrue(otherAlgorithm.getMessage().contains("not a PKCS#8 EC key"), otherAlgorithm.getMessage());
    }

    @Test
    void unreadableFilesNameTheFile() throws Exception {
        Path missing = dir.resolve("missing.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");

        assertTrue(assertThrows(ClusterAuthException.class, () -> PemSslContexts.create(null, null, missing))
                .getMessage().contains("missing.pem"));
        assertTrue(assertThrows(ClusterAuthException.class, () -> PemSslContexts.create(null, null, garbage))
                .getMessage().contains("garbage.pem"));
        assertTrue(assertThrows(ClusterAuthException.class, () -> PemSslContexts.create(null, null, empty))
                .getMessage().contains("empty.pem"));
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        assertThrows(ClusterAuthException.class, () -> PemSslContexts.create(caPem, null, null));
    }
}
