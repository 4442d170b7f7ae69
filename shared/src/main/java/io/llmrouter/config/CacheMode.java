package io.llmrouter.config;

import java.util.Locale;

/**
 * When a key's requests use the response cache unless the request itself says ({@code x-router-cache: on|off},
 * {@code cache-control: no-store}). Named so that YAML cannot read them as booleans ({@code on} and {@code off}
 * are {@code true} and {@code false} to YAML 1.1).
 */
public enum CacheMode {
    /** Only requests with {@code temperature: 0}: the others ask for a different answer each time. */
    DETERMINISTIC,
    /** Every request, whatever its temperature. */
    ALWAYS,
    /** Only requests that say {@code x-router-cache: on}. */
    OPT_IN;

    /** As the config writes it: {@code deterministic}, {@code always}, {@code optIn}. */
    public String configName() {
        return this == OPT_IN ? "optIn" : name().toLowerCase(Locale.ROOT);
    }
}
