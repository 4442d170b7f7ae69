package io.llmrouter.clusterauth;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * Checks the router's HMAC signature ({@link HmacScheme}) on the cluster side, e.g. in a small proxy in front
 * of llama-server. It rejects missing headers, a timestamp further than {@code maxClockSkew} from now either way,
 * a body whose SHA-256 is not the one signed, and a wrong signature (compared in constant time).
 *
 * <p>It does not remember requests: a captured request can be replayed within the skew window. A proxy that
 * must stop that keeps the signatures it saw for that long.
 */
public final class HmacVerifier {

    /** The outcome of a check; only {@link #ACCEPTED} lets a request through. */
    public enum Verdict {
        ACCEPTED,
        MISSING_HEADER,
        MALFORMED_TIMESTAMP,
        CLOCK_SKEW,
        BODY_HASH_MISMATCH,
        BAD_SIGNATURE
    }

    private final byte[] secret;
    private final Duration maxClockSkew;
    private final Clock clock;

    public HmacVerifier(String sharedSecret, Duration maxClockSkew, Clock clock) {
        this.secret = HmacScheme.secretBytes(sharedSecret);
        if (maxClockSkew.isNegative()) {
            throw new IllegalArgumentException("maxClockSkew must not be negative");
        }
        this.maxClockSkew = maxClockSkew;
        this.clock = clock;
    }

    public HmacVerifier(String sharedSecret, Clock clock) {
        this(sharedSecret, HmacScheme.DEFAULT_MAX_CLOCK_SKEW, clock);
    }

    /**
     * @param method       the request method as received
     * @param pathAndQuery the raw path and query from the request line (see {@link HmacScheme#pathAndQuery})
     * @param header       looks up a request header by name (first value), null when absent
     * @param body         the body bytes as received
     */
    public Verdict verify(String method, String pathAndQuery, Function<String, String> header, byte[] body) {
        String timestampText = header.apply(HmacScheme.TIMESTAMP_HEADER);
        String contentSha256 = header.apply(HmacScheme.CONTENT_SHA256_HEADER);
        String signatureHex = header.apply(HmacScheme.SIGNATURE_HEADER);
        if (timestampText == null || contentSha256 == null || signatureHex == null) {
            return Verdict.MISSING_HEADER;
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText.strip());
        } catch (NumberFormatException e) {
            return Verdict.MALFORMED_TIMESTAMP;
        }
        long skewSeconds = Math.abs(clock.instant().getEpochSecond() - timestamp);
        if (skewSeconds > maxClockSkew.toSeconds() || skewSeconds < 0) { // < 0: abs overflowed
            return Verdict.CLOCK_SKEW;
        }
        byte[] claimedBodyHash = decodeHex(contentSha256);
        byte[] actualBodyHash = HmacScheme.sha256(body);
        if (claimedBodyHash == null || !MessageDigest.isEqual(claimedBodyHash, actualBodyHash)) {
            return Verdict.BODY_HASH_MISMATCH;
        }
        byte[] expected = HmacScheme.signature(secret, method, pathAndQuery, timestamp, HmacScheme.hex(actualBodyHash));
        byte[] claimed = decodeHex(signatureHex);
        return claimed != null && MessageDigest.isEqual(expected, claimed) ? Verdict.ACCEPTED : Verdict.BAD_SIGNATURE;
    }

    /** Hex in either case; null when it is not hex at all. */
    private static byte[] decodeHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "HmacVerifier[secret=***, maxClockSkew=" + maxClockSkew + "]";
    }
}
