package io.llmrouter.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code auth}: the client keys of the router itself and how long stored API keys are cached. No keys means the router is open (on AWS,
 * put it behind an authorizer then).
 */
final class AuthReader {

    private static final List<String> AUTH_KEYS = List.of("clientKeys", "keyCacheTtl");
    private static final List<String> CLIENT_KEY_KEYS = List.of("name", "sha256");
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private AuthReader() {
    }

    /**
     * How long an instance trusts a stored API key's record (and a key's absence) before reading it
     * again: revocation and expiry take effect within it.
     */
    static Duration keyCacheTtl(ConfigNode auth) {
        return auth.get("keyCacheTtl").duration().check(Duration::isPositive, "must be longer than zero")
                .orElse(RouterConfig.DEFAULT_KEY_CACHE_TTL);
    }

    static List<ClientKey> clientKeys(ConfigNode auth) {
        auth.checkMapping(AUTH_KEYS, List.of());
        List<ClientKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode element : auth.get("clientKeys").elements()) {
            element.checkMapping(CLIENT_KEY_KEYS, List.of());
            String name = element.get("name").text().required("must not be empty").get();
            String hash = element.get("sha256").text().required("must not be empty").get();
            if (name != null && !names.add(name)) {
                element.get("name").report("duplicate client key name '" + name + "'");
            }
            if (hash != null && !SHA256_HEX.matcher(hash.toLowerCase(Locale.ROOT)).matches()) {
                // The value is not quoted: someone may have pasted the key itself instead of its hash.
                element.get("sha256").report("must be 64 hex characters (the SHA-256 of the key, not the key)");
            } else if (name != null && hash != null) {
                keys.add(new ClientKey(name, hash.toLowerCase(Locale.ROOT)));
            }
        }
        return keys;
    }
}
