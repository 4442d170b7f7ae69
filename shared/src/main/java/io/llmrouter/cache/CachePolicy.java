package io.llmrouter.cache;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.config.CacheSettings;

import java.util.Locale;

/**
 * Which requests use the cache. The request has the last word: {@code x-router-cache: off} or
 * {@code cache-control: no-store} bypass it, {@code x-router-cache: on} uses it. Otherwise its key's mode does
 * ({@code cache.keys}, else {@code cache.mode}): by default only a request with {@code temperature: 0}, since any
 * other asks for a different answer each time. A request without {@code temperature} gets the provider's
 * default, which is 1 at OpenAI: not deterministic, so not cached unless its key's mode is {@code always} or it
 * opts in.
 */
public final class CachePolicy {

    /** The request header that opts in or out. */
    public static final String HEADER = "x-router-cache";

    /** What a request does with the cache. */
    public enum Use {
        /** looks up its answer, and keeps the one a target makes */
        USE,
        /** neither reads nor writes the cache */
        BYPASS,
        /** its {@value #HEADER} header is neither {@code on} nor {@code off}: a bad request */
        BAD_HEADER
    }

    private CachePolicy() {
    }

    /**
     * @param keyName       the key's name in {@code cache.keys}: a stored key's id, a client key's name, or
     *                      {@link CacheSettings#ANONYMOUS}
     * @param routerCache   the request's {@value #HEADER} header; null when absent
     * @param cacheControl  the request's {@code cache-control} header; null when absent
     */
    public static Use decide(CacheSettings settings, String keyName, String routerCache, String cacheControl,
                             JsonNode body) {
        String asked = routerCache == null ? null : routerCache.strip().toLowerCase(Locale.ROOT);
        if (asked != null && !asked.equals("on") && !asked.equals("off")) {
            return Use.BAD_HEADER;
        }
        if ("off".equals(asked) || noStore(cacheControl)) {
            return Use.BYPASS;
        }
        if ("on".equals(asked)) {
            return Use.USE;
        }
        return switch (settings.modeOf(keyName)) {
            case ALWAYS -> Use.USE;
            case OPT_IN -> Use.BYPASS;
            case DETERMINISTIC -> {
                JsonNode temperature = body.get("temperature");
                yield temperature != null && temperature.isNumber() && temperature.doubleValue() == 0 ? Use.USE : Use.BYPASS;
            }
        };
    }

    private static boolean noStore(String cacheControl) {
        if (cacheControl == null) {
            return false;
        }
        for (String directive : cacheControl.split(",")) {
            if (directive.strip().equalsIgnoreCase("no-store")) {
                return true;
            }
        }
        return false;
    }
}
