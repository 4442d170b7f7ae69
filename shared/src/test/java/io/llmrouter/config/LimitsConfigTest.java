package io.llmrouter.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The {@code limits} section: targets' rate limits, teams' budgets, downgradeAt. */
class LimitsConfigTest {

    private static final String TARGETS = """
            clusters:
              - {name: aws, endpoint: "https://aws.example.com", costPerHour: 0.09}
            externalProviders:
              - {name: openai, type: openai, enabled: true, apiKey: sk-x, defaultModel: gpt-4o}
            """;

    @Test
    void theSectionIsReadWithItsDefaults() {
        RouterConfig config = ConfigLoader.fromYaml(TARGETS + """
                limits:
                  targets:
                    openai: {rpm: 500, tpm: 200000}
                    aws: {rpm: 60}
                  teams:
                    research: {usd: 300, period: month, alarmAt: 0.9}
                    support: {usd: 20, period: day}
                """, Map.of());

        LimitSettings limits = config.limits();
        assertEquals(LimitSettings.DEFAULT_DOWNGRADE_AT, limits.downgradeAt());
        assertEquals(new RateLimits(500, 200_000), limits.targets().get("openai"));
        assertEquals(new RateLimits(60, null), limits.targets().get("aws"));
        assertEquals(new LimitSettings.TeamBudget(new Budget(300, BudgetPeriod.MONTH), 0.9), limits.teams().get("research"));
        assertNull(limits.teams().get("support").alarmAt());
    }

    @Test
    void withoutTheSectionNothingIsLimited() {
        assertEquals(LimitSettings.NONE, ConfigLoader.fromYaml(TARGETS, Map.of()).limits());
    }

    @Test
    void badLimitsAreNamedByTheirPath() {
        List<String> problems = assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(TARGETS + """
                limits:
                  downgradeAt: 1.5
                  targets:
                    anthropic: {rpm: 10}
                    openai: {rpm: 0}
                    aws: {}
                  teams:
                    research: {usd: -3, period: week}
                    ops: {period: day, alarmAt: 2}
                """, Map.of())).problems();

        assertEquals(List.of(
                "limits.downgradeAt: must be more than 0 and at most 1, got 1.5",
                "limits.targets.anthropic: names no configured cluster or provider",
                "limits.targets.openai.rpm: must be a positive whole number, got 0",
                "limits.targets.aws: set rpm, tpm or both",
                "limits.teams.research.usd: must be a positive number of dollars, got -3",
                "limits.teams.research.period: must be one of day, month, total, got week",
                "limits.teams.ops.usd: is required",
                "limits.teams.ops.alarmAt: must be more than 0 and at most 1, got 2"), problems);
    }
}
