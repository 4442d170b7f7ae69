package io.llmrouter.clusterauth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues throwaway certificates for the TLS tests (a CA, a loopback server, clients) and writes them as the
 * PEM files an operator would configure.
 */
final class TestPki {

    record Issued(X509Certificate certificate, KeyPair keys) {
    }

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private TestPki() {
    }

    static KeyPair ecKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair rsaKeys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static Issued authority(String commonName) {
        KeyPair keys = ecKeys();
        X500Name name = new X500Name("CN=" + commonName);
        return new Issued(sign(name, keys.getPrivate(), name, keys, builder -> {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }), keys);
    }

    /** A server certificate valid for 127.0.0.1 and localhost, as Java's HTTP client checks the host. */
    static Issued loopbackServer(Issued ca) {
        KeyPair keys = ecKeys();
        return new Issued(sign(subjectOf(ca), ca.keys().getPrivate(), new X500Name("CN=localhost"), keys, builder -> {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        }), keys);
    }

    static Issued client(Issued ca, String commonName, KeyPair keys) {
        return new Issued(sign(subjectOf(ca), ca.keys().getPrivate(), new X500Name("CN=" + commonName), keys, builder ->
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth))), keys);
    }

    /**
     * A loopback server's certificate from {@code ca}, written as {@code server-cert.pem} and {@code server-key.pem}
     * in {@code dir}, as a server's TLS context that trusts {@code caPem} for client certificates.
     */
    static SSLContext loopbackServerContext(Issued ca, Path caPem, Path dir) {
        Issued server = loopbackServer(ca);
        Path certificate = writeCertificates(dir.resolve("server-cert.pem"), server.certificate());
        Path key = writePkcs8Key(dir.resolve("server-key.pem"), server.keys().getPrivate());
        return PemSslContexts.create(certificate, key, caPem);
    }

    /** A client certificate from {@code ca} for {@code keys}, written as {@code <name>-cert.pem} and {@code <name>-key.pem}. */
    static void writeClient(Issued ca, String name, KeyPair keys, Path dir) {
        Issued client = client(ca, "router-" + name, keys);
        writeCertificates(dir.resolve(name + "-cert.pem"), client.certificate());
        writePkcs8Key(dir.resolve(name + "-key.pem"), client.keys().getPrivate());
    }

    static Path writeCertificates(Path file, X509Certificate... certificates) {
        return writePem(file, (Object[]) certificates);
    }

    /** {@code -----BEGIN PRIVATE KEY-----}: what the router reads. */
    static Path writePkcs8Key(Path file, PrivateKey key) {
        try {
            return writePem(file, new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code -----BEGIN RSA/EC PRIVATE KEY-----}, the older OpenSSL forms the router refuses with a hint. */
    static Path writeLegacyKey(Path file, PrivateKey key) {
        return writePem(file, key);
    }

    static Path writeEncryptedKey(Path file, PrivateKey key) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                    .setProvider(new BouncyCastleProvider()) // the JDK has no PKCS7Padding name
                    .setPassword("passphrase".toCharArray()).build();
            return writePem(file, new JcaPKCS8Generator(key, encryptor));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface Extensions {
        void add(JcaX509v3CertificateBuilder builder) throws IOException;
    }

    private static X500Name subjectOf(Issued ca) {
        return X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
    }

    private static X509Certificate sign(X500Name issuer, PrivateKey issuerKey, X500Name subject, KeyPair keys,
            Extensions extensions) {
        Instant now = Instant.now();
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(SERIALS.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), subject, keys.getPublic());
            extensions.add(builder);
            String algorithm = issuerKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writePem(Path file, Object... objects) {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
