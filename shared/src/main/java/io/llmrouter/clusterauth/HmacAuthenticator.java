package io.llmrouter.clusterauth;

import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * Signs every request with the router's HMAC scheme ({@link HmacScheme}, {@code HMAC-SCHEME.md}). llama-server
 * itself does not check these headers: a proxy in front of it does, with {@link HmacVerifier}.
 *
 * <p>The caller must send exactly the {@code body} bytes it passed to {@link #headers}.
 */
public final class HmacAuthenticator implements ClusterAuthenticator {

    private final byte[] secret;
    private final Clock clock;

    public HmacAuthenticator(String sharedSecret, Clock clock) {
        this.secret = HmacScheme.secretBytes(sharedSecret);
        this.clock = clock;
    }

    @Override
    public Map<String, String> headers(String method, URI uri, byte[] body) {
        long timestamp = clock.instant().getEpochSecond();
        String contentSha256 = HmacScheme.contentSha256(body);
        byte[] signature = HmacScheme.signature(secret, method, HmacScheme.pathAndQuery(uri), timestamp, contentSha256);
        return Map.of(
                HmacScheme.TIMESTAMP_HEADER, Long.toString(timestamp),
                HmacScheme.CONTENT_SHA256_HEADER, contentSha256,
                HmacScheme.SIGNATURE_HEADER, HmacScheme.hex(signature));
    }

    @Override
    public String toString() {
        return "HmacAuthenticator[secret=***]";
    }
}
