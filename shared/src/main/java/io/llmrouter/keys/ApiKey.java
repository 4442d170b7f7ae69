package io.llmrouter.keys;

import io.llmrouter.config.Budget;
import io.llmrouter.config.BudgetPeriod;
import io.llmrouter.config.RateLimits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An API key managed through the admin API. The secret is never held: only its SHA-256, which
 * authentication compares in constant time and no answer or log ever shows.
 *
 * @param id           {@code key_} and the first 16 hex digits of {@code secretSha256} (see {@link KeySecrets})
 * @param secretSha256 the secret's SHA-256, 64 lower-case hex digits
 * @param name         who or what holds the key, for people and logs
 * @param team         the team it is charged to; may be null
 * @param tags         free labels
 * @param models       the models it may ask for; empty: any
 * @param targets      the clusters and providers its requests may go to; empty: any
 * @param budget       its spending limit; null: none
 * @param limits       its rate limits; null: none
 * @param expiresAt    after this it is refused; null: never
 * @param createdAt    when it was created
 * @param revokedAt    when it was revoked; null while it is not
 */
public record ApiKey(String id, String secretSha256, String name, String team, Map<String, String> tags,
                     List<String> models, List<String> targets, Budget budget, RateLimits limits,
                     Instant expiresAt, Instant createdAt, Instant revokedAt) {

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secretSha256, "secretSha256");
        Objects.requireNonNull(createdAt, "createdAt");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        models = models == null ? List.of() : List.copyOf(models);
        targets = targets == null ? List.of() : List.copyOf(targets);
        limits = limits == null || limits.isEmpty() ? null : limits;
    }

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    public boolean allowsModel(String model) {
        return models.isEmpty() || models.contains(model);
    }

    public boolean allowsTarget(String target) {
        return targets.isEmpty() || targets.contains(target);
    }

    public ApiKey withRevokedAt(Instant when) {
        return new ApiKey(id, secretSha256, name, team, tags, models, targets, budget, limits, expiresAt, createdAt,
                when);
    }

    @Override
    public String toString() {
        // The hash stays out of logs and exception messages, like the secret.
        return "ApiKey[id=" + id + ", name=" + name + ", team=" + team + ", revoked=" + revoked() + "]";
    }
}
