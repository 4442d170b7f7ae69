package io.llmrouter.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the {@code limits} section ({@link LimitSettings}); target names must be configured targets. */
final class LimitsReader {

    private static final List<String> KEYS = List.of("downgradeAt", "targets", "teams");
    private static final List<String> RATE_KEYS = List.of("rpm", "tpm");
    private static final List<String> TEAM_KEYS = List.of("usd", "period", "alarmAt");

    private LimitsReader() {
    }

    static LimitSettings read(ConfigNode limits, TargetNames names) {
        if (!limits.isPresent()) {
            return LimitSettings.NONE;
        }
        limits.checkMapping(KEYS, List.of());
        double downgradeAt = limits.get("downgradeAt").number()
                .check(v -> v > 0 && v <= 1, "must be more than 0 and at most 1").orElse(LimitSettings.DEFAULT_DOWNGRADE_AT);
        Map<String, RateLimits> targets = new LinkedHashMap<>();
        limits.get("targets").entries().forEach((name, node) -> {
            names.checkNamed(node, name);
            RateLimits rates = rates(node);
            if (rates != null) {
                targets.put(name, rates);
            }
        });
        Map<String, LimitSettings.TeamBudget> teams = new LinkedHashMap<>();
        limits.get("teams").entries().forEach((name, node) -> {
            LimitSettings.TeamBudget team = team(node);
            if (team != null) {
                teams.put(name, team);
            }
        });
        return new LimitSettings(downgradeAt, targets, teams);
    }

    private static RateLimits rates(ConfigNode node) {
        node.checkMapping(RATE_KEYS, List.of());
        Integer rpm = node.get("rpm").integer().check(v -> v > 0, "must be a positive whole number").orElse(null);
        Integer tpm = node.get("tpm").integer().check(v -> v > 0, "must be a positive whole number").orElse(null);
        if (rpm == null && tpm == null) {
            if (!node.get("rpm").isPresent() && !node.get("tpm").isPresent()) {
                node.report("set rpm, tpm or both");
            }
            return null;
        }
        return new RateLimits(rpm, tpm);
    }

    private static LimitSettings.TeamBudget team(ConfigNode node) {
        node.checkMapping(TEAM_KEYS, List.of());
        Double usd = node.get("usd").number().required().check(v -> v > 0, "must be a positive number of dollars")
                .orElse(null);
        Map<String, BudgetPeriod> periods = new LinkedHashMap<>();
        for (BudgetPeriod period : BudgetPeriod.values()) {
            periods.put(period.wireName(), period);
        }
        BudgetPeriod period = node.get("period").choice(periods).required().orElse(null);
        Double alarmAt = node.get("alarmAt").number().check(v -> v > 0 && v <= 1, "must be more than 0 and at most 1")
                .orElse(null);
        return usd == null || period == null ? null : new LimitSettings.TeamBudget(new Budget(usd, period), alarmAt);
    }
}
