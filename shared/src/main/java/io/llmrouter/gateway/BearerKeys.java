package io.llmrouter.gateway;

import io.llmrouter.config.ClientKey;
import io.llmrouter.keys.KeySecrets;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Checks {@code Authorization: Bearer <key>} against keys known only by their SHA-256. The presented
 * key is hashed and compared with every configured hash in constant time, without stopping at a
 * match, so timing tells nothing about which key, or how much of one, was right.
 */
final class BearerKeys {

    private record Known(String name, byte[] sha256) {
    }

    private final List<Known> keys;

    private BearerKeys(List<Known> keys) {
        this.keys = List.copyOf(keys);
    }

    static BearerKeys of(List<ClientKey> clientKeys) {
        return new BearerKeys(clientKeys.stream()
                .map(k -> new Known(k.name(), HexFormat.of().parseHex(k.sha256())))
                .toList());
    }

    /** One plain key (the admin key from config), hashed here so it is compared like the others. */
    static BearerKeys single(String name, String plainKey) {
        return plainKey == null ? new BearerKeys(List.of()) : new BearerKeys(List.of(new Known(name, KeySecrets.sha256(plainKey))));
    }

    boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The name of the key the header presents, or empty when it presents none of them. */
    Optional<String> match(String authorizationHeader) {
        Optional<String> token = presented(authorizationHeader);
        return token.isEmpty() ? Optional.empty() : matchHash(KeySecrets.sha256(token.get()));
    }

    /** The name of the key whose SHA-256 is {@code hash}, or empty when it is none of them. */
    Optional<String> matchHash(byte[] hash) {
        String matched = null;
        for (Known key : keys) {
            if (MessageDigest.isEqual(hash, key.sha256()) && matched == null) {
                matched = key.name();
            }
        }
        return Optional.ofNullable(matched);
    }

    /** The token of {@code Authorization: Bearer <token>}; empty when the header presents none. */
    static Optional<String> presented(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String header = authorizationHeader.strip();
        if (header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
