package io.llmrouter.config;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code limits} section: how fast each target may be sent requests, the teams' budgets, and when a
 * key or team nearing its budget is routed economy-first. API keys carry their own budgets and rate
 * limits (admin API); these are the ones only config can set.
 *
 * <pre>
 * limits:
 *   downgradeAt: 0.8              # share of a budget after which requests go to clusters before providers
 *   targets:
 *     openai: {rpm: 500, tpm: 200000}
 *   teams:
 *     research: {usd: 300, period: month, alarmAt: 0.9}
 * </pre>
 *
 * @param downgradeAt the spent share of a key's or team's budget from which its requests are routed
 *                    economy-first for the rest of the period; in (0, 1], default {@value #DEFAULT_DOWNGRADE_AT}
 * @param targets     rate limits per target name, enforced across instances: a target at its limit counts as full
 * @param teams       budgets per team name (the {@code team} of an API key)
 */
public record LimitSettings(double downgradeAt, Map<String, RateLimits> targets, Map<String, TeamBudget> teams) {

    public static final double DEFAULT_DOWNGRADE_AT = 0.8;
    public static final LimitSettings NONE = new LimitSettings(DEFAULT_DOWNGRADE_AT, Map.of(), Map.of());

    public LimitSettings {
        if (!(downgradeAt > 0 && downgradeAt <= 1)) {
            throw new IllegalArgumentException("downgradeAt must be in (0, 1], was " + downgradeAt);
        }
        targets = Map.copyOf(targets);
        teams = Map.copyOf(teams);
    }

    public Optional<RateLimits> target(String name) {
        return Optional.ofNullable(targets.get(name));
    }

    public Optional<TeamBudget> team(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(teams.get(name));
    }

    /**
     * A team's budget.
     *
     * @param budget  what the team's keys may spend together per period
     * @param alarmAt the spent share at which the deployment's alarm for this team fires (SNS); null: no alarm
     */
    public record TeamBudget(Budget budget, Double alarmAt) {
    }
}
