package io.llmrouter.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Makes key secrets and what is kept of them. A secret is {@code sk-} and 32 random bytes from
 * {@link SecureRandom} in base64url (43 characters); only its SHA-256 is stored. The id is taken from that
 * hash, so a presented secret leads straight to its one item, and 64 bits of it make a collision between
 * two keys of one deployment practically impossible (creation is conditional anyway).
 */
public final class KeySecrets {

    public static final String SECRET_PREFIX = "sk-";
    public static final String ID_PREFIX = "key_";
    private static final int SECRET_BYTES = 32;
    private static final int ID_HEX_DIGITS = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeySecrets() {
    }

    public static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** 64 lower-case hex digits. */
    public static String sha256Hex(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    public static String idOf(String secret) {
        return idOfHash(sha256Hex(secret));
    }

    static String idOfHash(String sha256Hex) {
        return ID_PREFIX + sha256Hex.substring(0, ID_HEX_DIGITS);
    }

    /** Compares two hex hashes in time that does not depend on where they differ. */
    static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** The SHA-256 of a key as presented (UTF-8): the one form in which any key, configured or stored, is compared. */
    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
