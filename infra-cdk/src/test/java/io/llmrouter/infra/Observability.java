package io.llmrouter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.llmrouter.infra.TemplateJson.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cost dashboard and the alarms as docs/metrics.md specifies them, and how to read them out of either
 * template, so that SamTemplateTest and LlmRouterStackTest hold both to the same expectations.
 */
final class Observability {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code SEARCH('{LlmRouter,Function,Target} MetricName="CostUSD" Function="route"', 'Sum', 3600)} */
    private static final Pattern SEARCH = Pattern.compile(
            "SEARCH\\('\\{LlmRouter,([A-Za-z,]+)} MetricName=\"(\\w+)\"((?: \\w+=\"[^\"]*\")*)', '(\\w+)', (\\d+)\\)");
    private static final Pattern FILTER = Pattern.compile(" (\\w+)=\"([^\"]*)\"");
    private static final Pattern METRIC_ROW = Pattern.compile("^\\| `(\\w+)` \\|");

    /**
     * Widget title to what it charts, as {@code metric dimensions [per dimension]: stat/period}. A SEARCH
     * yields one line per value of its free dimension ("per Target"); filters are fixed dimensions.
     */
    static final Map<String, List<String>> EXPECTED_WIDGETS = expectedWidgets();

    private static Map<String, List<String>> expectedWidgets() {
        Map<String, List<String>> widgets = new LinkedHashMap<>();
        widgets.put("Spend per target per hour (USD)", List.of("CostUSD Function=route per Target: Sum/3600"));
        widgets.put("Cumulative spend and savings (USD)", List.of(
                "CostUSD Function=route: Sum/3600", "SavingsUSD Function=route: Sum/3600",
                "RUNNING_SUM(cost)", "RUNNING_SUM(savings)"));
        widgets.put("$/1K tokens per target", List.of("CostPer1k per Target: Average/300"));
        widgets.put("Requests per target", List.of("Requests Function=route per Target: Sum/300"));
        widgets.put("Decisions by target and reason", List.of(
                "SOURCE '${RouteLogGroup}' | filter message = \"request\" | stats count(*) as requests by target, reason | sort requests desc"));
        widgets.put("Cluster health and queue depth", List.of(
                "TargetUp per Target: Minimum/60", "HealthyClusters: Minimum/60", "QueueDepth per Target: Maximum/60"));
        widgets.put("Latency p50 / p99 (ms)", List.of(
                "Latency Function=route: p50/300", "Latency Function=route: p99/300",
                "UpstreamLatency Function=route: p50/300", "UpstreamLatency Function=route: p99/300",
                "RouterOverhead Function=route: p50/300", "RouterOverhead Function=route: p99/300"));
        widgets.put("Errors and failovers", List.of(
                "Errors Function=route: Sum/300", "ClientErrors Function=route: Sum/300",
                "Failovers Function=route: Sum/300", "BreakerOpens Function=route: Sum/300"));
        widgets.put("Spend by team per hour (USD)", List.of("CostUSD Function=route per Team: Sum/3600"));
        widgets.put("Response cache: hits, misses and savings", List.of(
                "CacheHits Function=route: Sum/300", "CacheMisses Function=route: Sum/300",
                "CacheSavedUSD Function=route: Sum/300"));
        return widgets;
    }

    /** One alarm rule of docs/metrics.md. A null threshold is the HourlyBudgetUsd setting. */
    record AlarmRule(String nameSuffix, Map<String, String> dimensions, String statistic, int period, int evaluationPeriods,
                     Double threshold, String comparison, String missingData) {
    }

    /** Metric name to its alarm rule: each alarm watches a different metric. */
    static final Map<String, AlarmRule> EXPECTED_ALARMS = Map.of(
            "HealthyClusters", new AlarmRule("-all-clusters-down", Map.of(), "Maximum", 60, 3, 1.0, "LessThanThreshold", "breaching"),
            "CostUSD", new AlarmRule("-spend-over-budget", Map.of("Function", "route"), "Sum", 3600, 1, null, "GreaterThanThreshold", "notBreaching"),
            "CostRecordsWritten", new AlarmRule("-price-feed-stale", Map.of("Function", "cost-refresh"), "Sum", 3600, 1, 1.0, "LessThanThreshold", "breaching"),
            "BreakerOpens", new AlarmRule("-breaker-flapping", Map.of("Function", "route"), "Sum", 3600, 1, 5.0, "GreaterThanThreshold", "notBreaching"),
            "SnapshotLoadFailures", new AlarmRule("-routing-state-unreachable", Map.of("Function", "route"), "Sum", 60, 3, 1.0,
                    "GreaterThanOrEqualToThreshold", "notBreaching"));

    private Observability() {
    }

    /** The text of an {@code Fn::Sub}, whether written as a string (SAM) or as [text, variables] (CDK). */
    static String subTemplate(JsonNode value) {
        JsonNode sub = value.path("Fn::Sub");
        assertTrue(sub.isTextual() || sub.isArray(), "not an Fn::Sub: " + value);
        return sub.isArray() ? sub.get(0).asText() : sub.asText();
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard body is not JSON", e);
        }
    }

    /** The body of the template's one dashboard, parsed, with its ${...} placeholders left as they are. */
    static JsonNode dashboardBody(JsonNode template) {
        return parse(subTemplate(TemplateJson.only(template, "AWS::CloudWatch::Dashboard").getValue()
                .path("Properties").path("DashboardBody")));
    }

    /** Widget title to what it charts (see {@link #EXPECTED_WIDGETS}); fails on a metric outside LlmRouter. */
    static Map<String, List<String>> widgets(JsonNode body) {
        Map<String, List<String>> widgets = new LinkedHashMap<>();
        for (JsonNode widget : body.path("widgets")) {
            JsonNode properties = widget.path("properties");
            String title = properties.path("title").asText();
            assertEquals("${AWS::Region}", properties.path("region").asText(), title + ": the stack's own region");
            List<String> charted = new ArrayList<>();
            if (widget.path("type").asText().equals("log")) {
                charted.add(properties.path("query").asText());
            }
            for (JsonNode row : properties.path("metrics")) {
                charted.add(row.get(0).isTextual() ? metricRow(row, properties) : expressionRow(row.get(0), title));
            }
            widgets.put(title, charted);
        }
        return widgets;
    }

    /** {@code ["LlmRouter", name, dimension, value, ..., {options}]} */
    private static String metricRow(JsonNode row, JsonNode widget) {
        assertEquals("LlmRouter", row.get(0).asText(), row.toString());
        StringBuilder line = new StringBuilder(row.get(1).asText());
        int i = 2;
        for (; i + 1 < row.size() && row.get(i).isTextual(); i += 2) {
            line.append(' ').append(row.get(i).asText()).append('=').append(row.get(i + 1).asText());
        }
        JsonNode options = i < row.size() ? row.get(i) : JSON.createObjectNode();
        String stat = options.path("stat").asText(widget.path("stat").asText());
        int period = options.path("period").asInt(widget.path("period").asInt(300));
        return line.append(": ").append(stat).append('/').append(period).toString();
    }

    private static String expressionRow(JsonNode options, String title) {
        String expression = options.path("expression").asText();
        if (!expression.startsWith("SEARCH(")) {
            return expression;
        }
        Matcher search = SEARCH.matcher(expression);
        assertTrue(search.matches(), title + ": a SEARCH over the LlmRouter namespace, got " + expression);
        Set<String> free = new LinkedHashSet<>(List.of(search.group(1).split(",")));
        StringBuilder line = new StringBuilder(search.group(2));
        Matcher filter = FILTER.matcher(search.group(3));
        while (filter.find()) {
            line.append(' ').append(filter.group(1)).append('=').append(filter.group(2));
            free.remove(filter.group(1));
        }
        return line.append(" per ").append(String.join(",", free))
                .append(": ").append(search.group(4)).append('/').append(search.group(5)).toString();
    }

    /** The metric names a charted line (see {@link #widgets}) reads; none for math and queries. */
    static Set<String> metricNames(Map<String, List<String>> widgets) {
        Set<String> names = new LinkedHashSet<>();
        widgets.values().forEach(lines -> lines.stream()
                .filter(line -> line.matches("\\w+[ :].*") && !line.startsWith("SOURCE "))
                .forEach(line -> names.add(line.split("[ :]")[0])));
        return names;
    }

    /** Checks the dashboard body against {@link #EXPECTED_WIDGETS}, widget by widget so a failure names one. */
    static void assertCostDashboard(JsonNode body) {
        Map<String, List<String>> widgets = widgets(body);
        assertEquals(List.copyOf(EXPECTED_WIDGETS.keySet()), List.copyOf(widgets.keySet()), "widget titles, in order");
        EXPECTED_WIDGETS.forEach((title, charted) -> assertEquals(charted, widgets.get(title), title));
    }

    /** Metric name to alarm properties, for every alarm of the template but the team budget alarms. */
    static Map<String, JsonNode> alarmsByMetric(JsonNode template) {
        Map<String, JsonNode> alarms = new TreeMap<>();
        resources(template, "AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            JsonNode properties = alarm.path("Properties");
            if (properties.path("MetricName").asText().equals(LlmRouterStack.TEAM_BUDGET_METRIC)) {
                return;
            }
            JsonNode previous = alarms.put(properties.path("MetricName").asText(), properties);
            assertEquals(null, previous, "two alarms on " + properties.path("MetricName").asText());
        });
        return alarms;
    }

    /**
     * Checks every alarm against {@link #EXPECTED_ALARMS}; {@code budgetThreshold} is what the budget alarm's
     * Threshold must be (a number in the CDK template, a Ref to the parameter in template.yaml).
     */
    static void assertAlarms(Map<String, JsonNode> alarms, JsonNode budgetThreshold) {
        assertEquals(EXPECTED_ALARMS.keySet(), alarms.keySet(), "alarmed metrics");
        EXPECTED_ALARMS.forEach((metric, rule) -> {
            JsonNode alarm = alarms.get(metric);
            assertEquals("LlmRouter", alarm.path("Namespace").asText(), metric);
            Map<String, String> dimensions = new TreeMap<>();
            alarm.path("Dimensions").forEach(d -> dimensions.put(d.path("Name").asText(), d.path("Value").asText()));
            assertEquals(rule.dimensions(), dimensions, metric + " dimensions");
            assertEquals(rule.statistic(), alarm.path("Statistic").asText(), metric + " statistic");
            assertEquals(rule.period(), alarm.path("Period").asInt(), metric + " period");
            assertEquals(rule.evaluationPeriods(), alarm.path("EvaluationPeriods").asInt(), metric + " evaluation periods");
            assertEquals(rule.evaluationPeriods(), alarm.path("DatapointsToAlarm").asInt(), metric + " consecutive breaching periods");
            assertEquals(rule.comparison(), alarm.path("ComparisonOperator").asText(), metric + " comparison");
            assertEquals(rule.missingData(), alarm.path("TreatMissingData").asText(), metric + " missing data");
            if (rule.threshold() == null && budgetThreshold.isNumber()) {
                assertEquals(budgetThreshold.asDouble(), alarm.path("Threshold").asDouble(), metric + " threshold");
            } else if (rule.threshold() == null) {
                assertEquals(budgetThreshold, alarm.path("Threshold"), metric + " threshold");
            } else {
                assertEquals(rule.threshold(), alarm.path("Threshold").asDouble(), metric + " threshold");
            }
        });
    }

    /** Alarm id to properties, for the team budget alarms of the template (one per team, all on one metric). */
    static Map<String, JsonNode> teamBudgetAlarms(JsonNode template) {
        Map<String, JsonNode> alarms = new TreeMap<>();
        resources(template, "AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            if (alarm.path("Properties").path("MetricName").asText().equals(LlmRouterStack.TEAM_BUDGET_METRIC)) {
                alarms.put(id, alarm.path("Properties"));
            }
        });
        return alarms;
    }

    /**
     * A team budget alarm as docs/metrics.md specifies it: the highest TeamBudgetSpent of the team in 5 minutes at or
     * over its alarmAt; no data (no spend learned) is not a breach.
     */
    static void assertTeamBudgetAlarm(JsonNode alarm, JsonNode team, JsonNode threshold) {
        assertEquals("LlmRouter", alarm.path("Namespace").asText());
        List<JsonNode> dimensions = new ArrayList<>();
        alarm.path("Dimensions").forEach(dimensions::add);
        assertEquals(2, dimensions.size(), alarm.toString());
        assertEquals("Function", dimensions.get(0).path("Name").asText());
        assertEquals("route", dimensions.get(0).path("Value").asText());
        assertEquals("Team", dimensions.get(1).path("Name").asText());
        assertEquals(team, dimensions.get(1).path("Value"));
        assertEquals("Maximum", alarm.path("Statistic").asText());
        assertEquals(300, alarm.path("Period").asInt());
        assertEquals(1, alarm.path("EvaluationPeriods").asInt());
        assertEquals(1, alarm.path("DatapointsToAlarm").asInt());
        assertEquals(threshold, alarm.path("Threshold"));
        assertEquals("GreaterThanOrEqualToThreshold", alarm.path("ComparisonOperator").asText());
        assertEquals("notBreaching", alarm.path("TreatMissingData").asText());
    }

    /** The metric names docs/metrics.md defines: the first column of its metric tables. */
    static Set<String> contractMetrics() {
        try {
            Set<String> names = new LinkedHashSet<>();
            for (String line : Files.readAllLines(Repository.file("docs/metrics.md"))) {
                Matcher row = METRIC_ROW.matcher(line);
                if (row.find()) {
                    names.add(row.group(1));
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
