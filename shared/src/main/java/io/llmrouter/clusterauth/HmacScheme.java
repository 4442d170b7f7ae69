package io.llmrouter.clusterauth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The router's HMAC request signature, shared by {@link HmacAuthenticator} (signs) and {@link HmacVerifier}
 * (checks, in a proxy in front of llama-server). See {@code HMAC-SCHEME.md} beside this file.
 *
 * <pre>
 * X-Router-Timestamp:      unix seconds when the request was signed
 * X-Router-Content-SHA256: lower-case hex SHA-256 of the body bytes (of nothing for a GET)
 * X-Router-Signature:      lower-case hex HMAC-SHA256(secret, METHOD "\n" path?query "\n" timestamp "\n" bodyHash)
 * </pre>
 *
 * The key is the UTF-8 bytes of the configured shared secret. The path is the raw (still percent-encoded)
 * path as sent on the wire, followed by {@code ?} and the raw query when there is one.
 */
public final class HmacScheme {

    public static final String TIMESTAMP_HEADER = "X-Router-Timestamp";
    public static final String CONTENT_SHA256_HEADER = "X-Router-Content-SHA256";
    public static final String SIGNATURE_HEADER = "X-Router-Signature";
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofSeconds(300);

    private static final String MAC_ALGORITHM = "HmacSHA256";
    private static final HexFormat HEX = HexFormat.of();

    private HmacScheme() {
    }

    /** The path and query that the signature covers, as they appear in the request line. */
    public static String pathAndQuery(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    public static String contentSha256(byte[] body) {
        return hex(sha256(body));
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The signature bytes (not yet hex) over the four signed parts. */
    static byte[] signature(byte[] secret, String method, String pathAndQuery, long timestamp, String contentSha256) {
        String signed = method + "\n" + pathAndQuery + "\n" + timestamp + "\n" + contentSha256;
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(new SecretKeySpec(secret, MAC_ALGORITHM));
            return mac.doFinal(signed.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] secretBytes(String sharedSecret) {
        if (sharedSecret == null || sharedSecret.isEmpty()) {
            throw new ClusterAuthException("HMAC authentication needs a non-empty sharedSecret");
        }
        return sharedSecret.getBytes(StandardCharsets.UTF_8);
    }
}
