package io.llmrouter.spend;

import java.util.Locale;
import java.util.Optional;

/** What spend is rolled up by: each routed request with a cost counts once in each dimension (once per tag). */
public enum SpendDimension {
    /** The stored API key's id, or {@link SpendRollup#UNKEYED} for a configured client key or an open router. */
    KEY,
    /** The key's team, or {@link SpendRollup#NO_TEAM}. */
    TEAM,
    /** Each of the key's tags as {@code name=value}; a request without tags is in no tag's spend. */
    TAG,
    /** The target that answered. */
    TARGET,
    /** The model the answering target ran. */
    MODEL;

    /** The name in the API and in the table's sort keys. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SpendDimension> fromWire(String name) {
        for (SpendDimension dimension : values()) {
            if (dimension.wireName().equals(name)) {
                return Optional.of(dimension);
            }
        }
        return Optional.empty();
    }
}
