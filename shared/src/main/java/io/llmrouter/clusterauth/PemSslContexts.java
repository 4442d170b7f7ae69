package io.llmrouter.clusterauth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a TLS context from PEM files with the JDK alone: a client certificate chain with its PKCS#8 private key
 * (RSA or EC) for mutual TLS, and/or a CA bundle to trust instead of the JDK's default trust store.
 */
public final class PemSslContexts {

    private static final Pattern PKCS8_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    /** The in-memory key store never leaves this class; its password protects nothing. */
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    private PemSslContexts() {
    }

    /**
     * @param clientCertificate PEM certificate chain, leaf first; null for no client certificate
     * @param clientKey         PEM {@code PRIVATE KEY} (unencrypted PKCS#8) of the leaf; null exactly when
     *                          {@code clientCertificate} is
     * @param caBundle          PEM certificates to trust for the server; null trusts the JDK's defaults
     */
    public static SSLContext create(Path clientCertificate, Path clientKey, Path caBundle) {
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new ClusterAuthException("a client certificate and its private key go together: give both or neither");
        }
        try {
            KeyManager[] keyManagers = clientCertificate == null ? null : keyManagers(clientCertificate, clientKey);
            TrustManager[] trustManagers = caBundle == null ? null : trustManagers(caBundle);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new ClusterAuthException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyManager[] keyManagers(Path certificateFile, Path keyFile) throws GeneralSecurityException {
        List<X509Certificate> chain = readCertificates(certificateFile);
        PrivateKey key = readPrivateKey(keyFile, chain.get(0));
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, IN_MEMORY_PASSWORD, chain.toArray(Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, IN_MEMORY_PASSWORD);
        return factory.getKeyManagers();
    }

    private static TrustManager[] trustManagers(Path caBundle) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        List<X509Certificate> authorities = readCertificates(caBundle);
        for (int i = 0; i < authorities.size(); i++) {
            store.setCertificateEntry("ca-" + i, authorities.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    static List<X509Certificate> readCertificates(Path file) {
        byte[] pem = read(file);
        try {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
            if (certificates.isEmpty()) {
                throw new ClusterAuthException("no certificate in " + file);
            }
            return certificates.stream().map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new ClusterAuthException("cannot read the PEM certificates in " + file, e);
        }
    }

    /**
     * Reads an unencrypted PKCS#8 key for the certificate's algorithm, then proves the two belong together by
     * signing with one and verifying with the other: a mismatched pair would otherwise only show up as a
     * handshake failure at the cluster.
     */
    static PrivateKey readPrivateKey(Path file, X509Certificate certificate) {
        String pem = new String(read(file), StandardCharsets.US_ASCII);
        Matcher matcher = PKCS8_KEY.matcher(pem);
        if (!matcher.find()) {
            throw new ClusterAuthException(keyFormatProblem(pem, file));
        }
        String algorithm = certificate.getPublicKey().getAlgorithm();
        PrivateKey key;
        try {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
            key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ClusterAuthException("the private key in " + file + " is not a PKCS#8 " + algorithm
                    + " key (the certificate's algorithm)", e);
        }
        requireMatchingPair(key, certificate, file);
        return key;
    }

    private static String keyFormatProblem(String pem, Path file) {
        if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return "the private key in " + file + " is encrypted; give an unencrypted PKCS#8 key";
        }
        if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
            return "the private key in " + file + " is PKCS#1/SEC1; convert it with"
                    + " `openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem`";
        }
        return "no -----BEGIN PRIVATE KEY----- block in " + file;
    }

    private static void requireMatchingPair(PrivateKey key, X509Certificate certificate, Path file) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null; // other algorithms: left to the TLS handshake
        };
        if (algorithm == null) {
            return;
        }
        byte[] probe = "llm-router key pair check".getBytes(StandardCharsets.US_ASCII);
        boolean matches;
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            matches = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            matches = false;
        }
        if (!matches) {
            throw new ClusterAuthException("the private key in " + file + " does not belong to the client certificate");
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty in-memory key store cannot fail to load", e);
        }
        return store;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ClusterAuthException("cannot read " + file + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
