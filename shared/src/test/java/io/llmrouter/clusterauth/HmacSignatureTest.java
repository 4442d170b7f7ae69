package io.llmrouter.clusterauth;

import static io.llmrouter.clusterauth.HmacVerifier.Verdict.ACCEPTED;
import static io.llmrouter.clusterauth.HmacVerifier.Verdict.BAD_SIGNATURE;
import static io.llmrouter.clusterauth.HmacVerifier.Verdict.BODY_HASH_MISMATCH;
import static io.llmrouter.clusterauth.HmacVerifier.Verdict.CLOCK_SKEW;
import static io.llmrouter.clusterauth.HmacVerifier.Verdict.MALFORMED_TIMESTAMP;
import static io.llmrouter.clusterauth.HmacVerifier.Verdict.MISSING_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HmacSignatureTest {

    private static final String SECRET = "example-shared-secret";
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(1_795_339_254L);
    private static final Clock SIGNING_CLOCK = Clock.fixed(SIGNED_AT, ZoneOffset.UTC);
    private static final URI CHAT = URI.create("https://cluster.example:8443/v1/chat/completions");
    private static final byte[] BODY = "{\"model\":\"auto\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

    /** The headers HmacAuthenticator puts on a request, as a proxy would receive them. */
    private static Map<String, String> signedHeaders(String secret, String method, URI uri, byte[] body) {
        return new HashMap<>(new HmacAuthenticator(secret, SIGNING_CLOCK).headers(method, uri, body));
    }

    private static HmacVerifier.Verdict verifyAt(Instant now, String method, String pathAndQuery, Map<String, String> headers,
            byte[] body) {
        HmacVerifier verifier = new HmacVerifier(SECRET, Clock.fixed(now, ZoneOffset.UTC));
        return verifier.verify(method, pathAndQuery, headers::get, body);
    }

    private static HmacVerifier.Verdict verify(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
        return verifyAt(SIGNED_AT, method, pathAndQuery, headers, body);
    }

    @Test
    void matchesTheWorkedExampleComputedWithOpenssl() {
        Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);

        assertEquals("1795339254", headers.get("X-Router-Timestamp"));
        assertEquals("34c62b4b07b9fc292919a2eefd716c940c674a92673d0cc90e71354d56b746d4", headers.get("X-Router-Content-SHA256"));
        assertEquals("b4da7a866754a9402f4537164c6d3663b9dd4e2a35932532addc58a8badb3f2f", headers.get("X-Router-Signature"));
    }

    @Test
    void aSignedRequestIsAccepted() {
        assertEquals(ACCEPTED, verify("POST", "/v1/chat/completions", signedHeaders(SECRET, "POST", CHAT, BODY), BODY));
    }

    @Test
    void aSignedGetWithAQueryIsAccepted() {
        URI slots = URI.create("http://127.0.0.1:8080/slots?fail_on_no_slot=1");
        Map<String, String> headers = signedHeaders(SECRET, "GET", slots, new byte[0]);

        assertEquals(ACCEPTED, verify("GET", "/slots?fail_on_no_slot=1", headers, new byte[0]));
        assertEquals(BAD_SIGNATURE, verify("GET", "/slots", headers, new byte[0]), "the query is signed");
    }

    @Test
    void thePathIsSignedAsSentStillPercentEncoded() {
        URI encoded = URI.create("http://127.0.0.1:8080/v1/models/org%2Fmodel");

        assertEquals("/v1/models/org%2Fmodel", HmacScheme.pathAndQuery(encoded));
        assertEquals("/", HmacScheme.pathAndQuery(URI.create("http://127.0.0.1:8080")));
        assertEquals(ACCEPTED, verify("GET", "/v1/models/org%2Fmodel", signedHeaders(SECRET, "GET", encoded, new byte[0]), new byte[0]));
    }

    @Test
    void anAlteredBodyIsRejected() {
        Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);
        byte[] altered = "{\"model\":\"gpt-4o\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

        assertEquals(BODY_HASH_MISMATCH, verify("POST", "/v1/chat/completions", headers, altered));
    }

    @Test
    void anAlteredBodyWithARecomputedHashIsRejected() {
        Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);
        byte[] altered = "{\"model\":\"gpt-4o\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
        headers.put("X-Router-Content-SHA256", HmacScheme.contentSha256(altered));

        assertEquals(BAD_SIGNATURE, verify("POST", "/v1/chat/completions", headers, altered));
    }

    @Test
    void anAlteredPathOrMethodIsRejected() {
        Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);

        assertEquals(BAD_SIGNATURE, verify("POST", "/v1/completions", headers, BODY));
        assertEquals(BAD_SIGNATURE, verify("PUT", "/v1/chat/completions", headers, BODY));
    }

    @Test
    void anAlteredTimestampIsRejected() {
        Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);
        headers.put("X-Router-Timestamp", Long.toString(SIGNED_AT.getEpochSecond() + 1));

        assertEquals(BAD_SIGNATURE, verify("POST", "/v1/chat/completions", headers, BODY));
    }

    @Test
    void anotherSecretIsRejected() {
        assertEquals(BAD_SIGNATURE, verify("POST", "/v1/chat/completions", signedHeaders("other-secret", "POST", CHAT, BODY), BODY));
    }

    @Test
    void timestampsBeyondTheSkewEitherWayAreRejected() {
        Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);

        assertEquals(ACCEPTED, verifyAt(SIGNED_AT.plusSeconds(300), "POST", "/v1/chat/completions", headers, BODY));
        assertEquals(ACCEPTED, verifyAt(SIGNED_AT.minusSeconds(300), "POST", "/v1/chat/completions", headers, BODY));
        assertEquals(CLOCK_SKEW, verifyAt(SIGNED_AT.plusSeconds(301), "POST", "/v1/chat/completions", headers, BODY));
        assertEquals(CLOCK_SKEW, verifyAt(SIGNED_AT.minusSeconds(301), "POST", "/v1/chat/completions", headers, BODY));
    }

    @Test
    void theSkewIsConfigurable() {
        Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);
        HmacVerifier strict = new HmacVerifier(SECRET, Duration.ofSeconds(30), Clock.fixed(SIGNED_AT.plusSeconds(31), ZoneOffset.UTC));

        assertEquals(CLOCK_SKEW, strict.verify("POST", "/v1/chat/completions", headers::get, BODY));
    }

    @Test
    void missingOrMalformedHeadersAreRejected() {
        for (String header : new String[] {"X-Router-Timestamp", "X-Router-Content-SHA256", "X-Router-Signature"}) {
            Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);
            headers.remove(header);
            assertEquals(MISSING_HEADER, verify("POST", "/v1/chat/completions", headers, BODY), header);
        }
        Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);
        headers.put("X-Router-Timestamp", "yesterday");
        assertEquals(MALFORMED_TIMESTAMP, verify("POST", "/v1/chat/completions", headers, BODY));

        headers = signedHeaders(SECRET, "POST", CHAT, BODY);
        headers.put("X-Router-Timestamp", Long.toString(Long.MIN_VALUE));
        assertEquals(CLOCK_SKEW, verify("POST", "/v1/chat/completions", headers, BODY));

        headers = signedHeaders(SECRET, "POST", CHAT, BODY);
        headers.put("X-Router-Signature", "not hex");
        assertEquals(BAD_SIGNATURE, verify("POST", "/v1/chat/completions", headers, BODY));
    }

    @Test
    void upperCaseHexIsTheSameSignature() {
        Map<String, String> headers = signedHeaders(SECRET, "POST", CHAT, BODY);
        headers.replaceAll((name, value) -> value.toUpperCase(Locale.ROOT));

        assertEquals(ACCEPTED, verify("POST", "/v1/chat/completions", headers, BODY));
    }

    @Test
    void theSecretNeverShowsInToString() {
        assertFalse(new HmacAuthenticator(SECRET, SIGNING_CLOCK).toString().contains(SECRET));
        assertFalse(new HmacVerifier(SECRET, SIGNING_CLOCK).toString().contains(SECRET));
    }

    @Test
    void anEmptySecretIsRefused() {
        assertThrows(ClusterAuthException.class, () -> new HmacAuthenticator("", SIGNING_CLOCK));
        assertThrows(ClusterAuthException.class, () -> new HmacVerifier(null, SIGNING_CLOCK));
    }
}
