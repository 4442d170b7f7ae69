package io.llmrouter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import software.constructs.Node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The team budget alarms to deploy: one per {@code limits.teams} entry with an {@code alarmAt} in the router
 * config the stack will run with, and where they notify. Only when asked for: without the {@code routerConfig}
 * context value (the path of the YAML that goes into the config parameter) there are none.
 *
 * <pre>
 * cdk deploy -c routerConfig=../my-router.yaml                     # notify the alarmEmail topic, if any
 * cdk deploy -c routerConfig=../my-router.yaml -c teamAlarmTopicArn=arn:aws:sns:...:finops
 * </pre>
 *
 * Only {@code limits.teams} is read, so a config whose other values come from the environment or a secret store
 * reads as it is.
 *
 * @param alarmAt  team name to the spent share of its budget at which its alarm fires, in (0, 1]
 * @param topicArn an existing SNS topic the team alarms notify instead of the stack's alarm topic; null for none
 */
public record TeamBudgets(Map<String, Double> alarmAt, String topicArn) {

    public static final TeamBudgets NONE = new TeamBudgets(Map.of(), null);

    public TeamBudgets {
        alarmAt = Map.copyOf(alarmAt);
        topicArn = topicArn == null || topicArn.isEmpty() ? null : topicArn;
    }

    /** From the {@code routerConfig} and {@code teamAlarmTopicArn} context values. */
    public static TeamBudgets fromContext(Node node) {
        Object config = node.tryGetContext("routerConfig");
        Object topic = node.tryGetContext("teamAlarmTopicArn");
        List<String> problems = new ArrayList<>();
        Map<String, Double> alarmAt = config == null ? Map.of() : read(Path.of(config.toString()), problems);
        if (topic != null && !topic.toString().isEmpty() && !topic.toString().matches("arn:aws[a-z-]*:sns:[^:]+:\\d{12}:.+")) {
            problems.add("teamAlarmTopicArn: must be an SNS topic ARN, got " + topic);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid llm-router deployment settings:\n  " + String.join("\n  ", problems));
        }
        return new TeamBudgets(alarmAt, topic == null ? null : topic.toString());
    }

    private static Map<String, Double> read(Path file, List<String> problems) {
        JsonNode teams;
        try {
            teams = new YAMLMapper().readTree(Files.readString(file)).path("limits").path("teams");
        } catch (IOException e) {
            problems.add("routerConfig: cannot read a router config at " + file.toAbsolutePath().normalize() + ": " + e.getMessage());
            return Map.of();
        }
        Map<String, Double> alarmAt = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = teams.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> team = it.next();
            JsonNode value = team.getValue().path("alarmAt");
            if (value.isMissingNode() || value.isNull()) {
                continue;
            }
            if (!value.isNumber() || !(value.asDouble() > 0 && value.asDouble() <= 1)) {
                problems.add("routerConfig: limits.teams." + team.getKey() + ".alarmAt: must be more than 0 and at most 1, got "
                        + value);
            } else {
                alarmAt.put(team.getKey(), value.asDouble());
            }
        }
        return alarmAt;
    }
}
