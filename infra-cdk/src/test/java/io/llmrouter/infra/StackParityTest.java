package io.llmrouter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static io.llmrouter.infra.TemplateJson.actionsBySid;
import static io.llmrouter.infra.TemplateJson.only;
import static io.llmrouter.infra.TemplateJson.referencedId;
import static io.llmrouter.infra.TemplateJson.resources;
import static io.llmrouter.infra.TemplateJson.withParameterDefaults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * template.yaml and the CDK stack deploy the same thing: the same functions with the same settings, schedules,
 * function URL, permissions, table and logs. Logical ids and the form of references differ; the values must not.
 */
class StackParityTest {

    private static final String HEALTH_POLLER = "io.llmrouter.poller.HealthPollerHandler";
    private static final String ROUTE = "io.llmrouter.route.RouteHandler";

    /** The CDK context of a Managed Instances deployment; template.yaml's other Route* parameters keep their defaults. */
    static final Map<String, Object> MANAGED_INSTANCES = Map.of("routeCompute", "ManagedInstances",
            "routeSubnetIds", "subnet-0a,subnet-0b", "routeSecurityGroupIds", "sg-0c");

    private static JsonNode sam;
    private static JsonNode cdk;
    private static JsonNode cdkOnManagedInstances;

    @BeforeAll
    static void load() {
        sam = Templates.json(Templates.sam());
        cdk = Templates.json(Templates.cdk());
        cdkOnManagedInstances = Templates.json(Templates.cdk(MANAGED_INSTANCES));
    }

    /** Handler to properties of the functions an on-demand deployment (the default) creates. */
    private static Map<String, JsonNode> samFunctions() {
        return samFunctions(RouteCompute.Mode.OnDemand);
    }

    /**
     * Handler to properties of the functions a deployment with {@code RouteCompute} creates (template.yaml declares the
     * route function once per mode), with the template's Globals applied as SAM applies them.
     */
    private static Map<String, JsonNode> samFunctions(RouteCompute.Mode mode) {
        JsonNode globals = sam.path("Globals").path("Function");
        Map<String, JsonNode> functions = new TreeMap<>();
        resources(sam, "AWS::Serverless::Function").values().stream().filter(function -> createdWith(function, mode)).forEach(function -> {
            ObjectNode merged = globals.deepCopy();
            JsonNode own = function.path("Properties");
            own.properties().forEach(entry -> merged.set(entry.getKey(), entry.getValue()));
            ObjectNode variables = globals.path("Environment").path("Variables").deepCopy();
            variables.setAll((ObjectNode) own.path("Environment").path("Variables"));
            merged.putObject("Environment").set("Variables", variables);
            functions.put(own.path("Handler").asText(), merged);
        });
        return functions;
    }

    /** Whether a template.yaml resource exists in a deployment with {@code RouteCompute} {@code mode}. */
    private static boolean createdWith(JsonNode resource, RouteCompute.Mode mode) {
        return switch (resource.path("Condition").asText()) {
            case "RouteOnDemand" -> mode == RouteCompute.Mode.OnDemand;
            case "RouteOnManagedInstances" -> mode == RouteCompute.Mode.ManagedInstances;
            default -> true;
        };
    }

    private static Map<String, JsonNode> cdkFunctions() {
        return cdkFunctions(cdk);
    }

    private static Map<String, JsonNode> cdkFunctions(JsonNode cdk) {
        Map<String, JsonNode> functions = new TreeMap<>();
        resources(cdk, "AWS::Lambda::Function").values()
                .forEach(function -> functions.put(function.path("Properties").path("Handler").asText(), function.path("Properties")));
        return functions;
    }

    /** On demand and on Managed Instances alike: there, the route function's memory differs and SnapStart is off in both. */
    @ParameterizedTest
    @EnumSource(RouteCompute.Mode.class)
    void bothDeclareTheSameFunctionsWithTheSameSettings(RouteCompute.Mode mode) {
        Map<String, JsonNode> samFunctions = samFunctions(mode);
        Map<String, JsonNode> cdkFunctions = cdkFunctions(mode == RouteCompute.Mode.OnDemand ? cdk : cdkOnManagedInstances);
        assertEquals(samFunctions.keySet(), cdkFunctions.keySet(), "handlers");
        samFunctions.forEach((handler, samFunction) -> {
            JsonNode cdkFunction = cdkFunctions.get(handler);
            for (String key : List.of("MemorySize", "Timeout", "Description", "SnapStart")) {
                assertEquals(samFunction.path(key), cdkFunction.path(key), mode + " " + handler + " " + key);
            }
            JsonNode samEnv = samFunction.path("Environment").path("Variables");
            JsonNode cdkEnv = cdkFunction.path("Environment").path("Variables");
            assertEquals(names(samEnv), names(cdkEnv), handler + " environment variables");
            // Literal values must match; references (table, bus, parameters) are checked by each stack's own test.
            samEnv.properties().stream().filter(entry -> entry.getValue().isTextual())
                    .forEach(entry -> assertEquals(entry.getValue(), cdkEnv.path(entry.getKey()), handler + " " + entry.getKey()));
        });
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * On Managed Instances both run the route function, and only it, on a capacity provider of the same instance types,
     * architecture and scaling, with the same concurrency and memory per vCPU (template.yaml at its parameter defaults).
     */
    @Test
    void onManagedInstancesBothRunTheRouteFunctionOnTheSameCapacityProvider() {
        var samProvider = only(sam, "AWS::Lambda::CapacityProvider");
        var cdkProvider = only(cdkOnManagedInstances, "AWS::Lambda::CapacityProvider");
        JsonNode samProperties = withParameterDefaults(sam, samProvider.getValue().path("Properties"));
        JsonNode cdkProperties = cdkProvider.getValue().path("Properties");
        for (String key : List.of("InstanceRequirements", "CapacityProviderScalingConfig")) {
            assertEquals(samProperties.path(key), cdkProperties.path(key), key);
        }
        assertEquals(Set.of("arm64"), texts(cdkProperties.path("InstanceRequirements").path("Architectures")), "Graviton by default");
        // The network comes from the deployment: parameters in one, context in the other.
        assertEquals(Set.of("subnet-0a", "subnet-0b"), texts(cdkProperties.path("VpcConfig").path("SubnetIds")));
        assertEquals(Set.of("sg-0c"), texts(cdkProperties.path("VpcConfig").path("SecurityGroupIds")));
        JsonNode samNetwork = samProvider.getValue().path("Properties").path("VpcConfig");
        assertEquals("RouteSubnetIds", referencedId(samNetwork.path("SubnetIds")));
        assertEquals("RouteSecurityGroupIds", referencedId(samNetwork.path("SecurityGroupIds")));
        assertEquals(operatorRole(sam, samProvider.getValue()), operatorRole(cdkOnManagedInstances, cdkProvider.getValue()));

        // SAM's CapacityProviderConfig becomes the function's LambdaManagedInstancesCapacityProviderConfig, Arn its
        // CapacityProviderArn; the rest is passed as it is.
        JsonNode samCompute = withParameterDefaults(sam, samFunctions(RouteCompute.Mode.ManagedInstances).get(ROUTE).path("CapacityProviderConfig"));
        Map<String, JsonNode> cdkFunctions = cdkFunctions(cdkOnManagedInstances);
        JsonNode cdkCompute = cdkFunctions.get(ROUTE).path("CapacityProviderConfig").path("LambdaManagedInstancesCapacityProviderConfig");
        assertEquals(samProvider.getKey(), referencedId(samCompute.path("Arn")));
        assertEquals(cdkProvider.getKey(), referencedId(cdkCompute.path("CapacityProviderArn")));
        for (String key : List.of("PerExecutionEnvironmentMaxConcurrency", "ExecutionEnvironmentMemoryGiBPerVCpu")) {
            assertEquals(samCompute.path(key).asDouble(), cdkCompute.path(key).asDouble(), key);
            assertTrue(samCompute.path(key).isNumber(), key);
        }
        assertEquals(RouteCompute.DEFAULT_MAX_CONCURRENCY, cdkCompute.path("PerExecutionEnvironmentMaxConcurrency").asInt());
        cdkFunctions.forEach((handler, function) -> {
            if (!handler.equals(ROUTE)) {
                assertTrue(function.path("CapacityProviderConfig").isMissingNode(), handler + " stays on demand");
            }
        });
        assertTrue(cdkFunctions.get(ROUTE).path("SnapStart").isMissingNode(), "SnapStart does not apply to Managed Instances");
    }

    /** The operator role of a capacity provider: who may assume it, and the AWS managed policies it has by name. */
    private static Map<String, Object> operatorRole(JsonNode template, JsonNode provider) {
        String roleId = referencedId(provider.path("Properties").path("PermissionsConfig").path("CapacityProviderOperatorRoleArn"));
        JsonNode role = template.path("Resources").path(roleId).path("Properties");
        // Fn::Sub in template.yaml, Fn::Join in the CDK's: compare what follows the partition.
        List<String> policies = role.path("ManagedPolicyArns").valueStream()
                .map(arn -> arn.toString().replaceAll(".*:iam::aws:policy/([A-Za-z0-9/]+).*", "$1")).toList();
        return Map.of("trust", role.path("AssumeRolePolicyDocument").path("Statement"), "policies", policies);
    }

    /** On demand, the default, neither creates a capacity provider, and the route function keeps SnapStart. */
    @Test
    void onDemandNeitherCreatesACapacityProvider() {
        assertTrue(resources(cdk, "AWS::Lambda::CapacityProvider").isEmpty(), "CDK");
        resources(sam, "AWS::Lambda::CapacityProvider").values()
                .forEach(provider -> assertFalse(createdWith(provider, RouteCompute.Mode.OnDemand), "template.yaml"));
        resources(sam, "AWS::IAM::Role").values()
                .forEach(role -> assertFalse(createdWith(role, RouteCompute.Mode.OnDemand), "only the operator role is declared"));
        for (JsonNode route : List.of(samFunctions().get(ROUTE), cdkFunctions().get(ROUTE))) {
            assertTrue(route.path("CapacityProviderConfig").isMissingNode());
            assertEquals("PublishedVersions", route.path("SnapStart").path("ApplyOn").asText());
        }
    }

    @Test
    void bothScheduleThePollersAlike() {
        Map<String, String> samSchedules = samSchedules();
        assertEquals(Map.of(HEALTH_POLLER, "rate(1 minute)", "io.llmrouter.refresh.CostRefreshHandler", "rate(5 minutes)",
                "io.llmrouter.batchrunner.BatchRunnerHandler", "rate(1 minute)"), samSchedules);
        assertEquals(samSchedules, cdkSchedules());
    }

    /**
     * The health-poller polls for the whole period between two invocations, so POLL_SCHEDULE must be the period of
     * the rule that invokes it, and its timeout must let the last round, started before the period ends, use its
     * whole 7 s deadline.
     */
    @Test
    void bothTellTheHealthPollerItsScheduleAndGiveItTimeForItsLastRound() {
        JsonNode samPoller = samFunctions().get(HEALTH_POLLER);
        JsonNode cdkPoller = cdkFunctions().get(HEALTH_POLLER);
        String samSchedule = samPoller.path("Environment").path("Variables").path("POLL_SCHEDULE").asText();
        assertEquals(samSchedule, cdkPoller.path("Environment").path("Variables").path("POLL_SCHEDULE").asText());
        assertEquals(samPoller.path("Timeout"), cdkPoller.path("Timeout"));
        assertEquals(75, samPoller.path("Timeout").asInt());

        Duration period = rate(samSchedules().get(HEALTH_POLLER));
        assertEquals(period, rate(cdkSchedules().get(HEALTH_POLLER)));
        assertEquals(period, seconds(samSchedule), "POLL_SCHEDULE " + samSchedule + " is the rule's period");
        assertTrue(Duration.ofSeconds(samPoller.path("Timeout").asInt()).compareTo(period.plusSeconds(7)) > 0,
                "the timeout covers the period and the last round's deadline");
    }

    /** Handler to schedule expression, from each function's Schedule events. */
    private static Map<String, String> samSchedules() {
        Map<String, String> schedules = new TreeMap<>();
        samFunctions().forEach((handler, function) -> function.path("Events").forEach(event -> {
            if (event.path("Type").asText().equals("Schedule")) {
                schedules.put(handler, event.path("Properties").path("Schedule").asText());
            }
        }));
        return schedules;
    }

    /** Handler to schedule expression, from the rules targeting each function. */
    private static Map<String, String> cdkSchedules() {
        Map<String, String> handlerById = resources(cdk, "AWS::Lambda::Function").entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().path("Properties").path("Handler").asText()));
        Map<String, String> schedules = new TreeMap<>();
        resources(cdk, "AWS::Events::Rule").values().forEach(rule -> schedules.put(
                handlerById.get(referencedId(rule.path("Properties").path("Targets").path(0).path("Arn"))),
                rule.path("Properties").path("ScheduleExpression").asText()));
        return schedules;
    }

    /** The period of an EventBridge {@code rate(...)} expression. */
    private static Duration rate(String expression) {
        Matcher rate = Pattern.compile("rate\\((\\d+) (minute|hour|day)s?\\)").matcher(expression);
        assertTrue(rate.matches(), expression);
        long value = Long.parseLong(rate.group(1));
        return switch (rate.group(2)) {
            case "minute" -> Duration.ofMinutes(value);
            case "hour" -> Duration.ofHours(value);
            default -> Duration.ofDays(value);
        };
    }

    /** A duration in seconds as the functions' configuration writes it, such as {@code 60s}. */
    private static Duration seconds(String value) {
        assertTrue(value.matches("\\d+s"), value);
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }

    /** SAM passes FunctionUrlConfig to the AWS::Lambda::Url it makes as is; the CDK writes that resource itself. */
    @Test
    void bothServeTheRouteFunctionFromTheSameStreamingUrl() {
        JsonNode samUrl = samFunctions().get(ROUTE).path("FunctionUrlConfig");
        JsonNode cdkUrl = only(cdk, "AWS::Lambda::Url").getValue().path("Properties");
        for (String key : List.of("AuthType", "InvokeMode")) {
            assertEquals(samUrl.path(key), cdkUrl.path(key), key);
        }
        JsonNode samCors = samUrl.path("Cors");
        JsonNode cdkCors = cdkUrl.path("Cors");
        assertEquals(names(samCors), names(cdkCors), "CORS settings");
        samCors.fieldNames().forEachRemaining(key -> assertEquals(texts(samCors.path(key)), texts(cdkCors.path(key)), "CORS " + key));
        assertEquals(RouterHeaders.set(), texts(samCors.path("ExposeHeaders")), "every x-router-* header the router sets, no other");
        // Both on the SnapStart alias: SAM attaches the URL to the AutoPublishAlias alias.
        assertEquals(samFunctions().get(ROUTE).path("AutoPublishAlias").asText(), cdkUrl.path("Qualifier").asText());
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new HashSet<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }

    /**
     * A stream runs for FORWARD_STREAM_BUDGET at most and must then still be ended before Lambda stops the function
     * (the two values are compared between the stacks with the rest of the function settings).
     */
    @Test
    void bothEndAStreamBeforeTheRouteFunctionsTimeout() {
        for (JsonNode route : List.of(samFunctions().get(ROUTE), cdkFunctions().get(ROUTE))) {
            Duration budget = seconds(route.path("Environment").path("Variables").path("FORWARD_STREAM_BUDGET").asText());
            Duration timeout = Duration.ofSeconds(route.path("Timeout").asInt());
            assertTrue(budget.plusSeconds(10).compareTo(timeout) <= 0,
                    "stream budget " + budget + " leaves under 10 s of the " + timeout + " timeout to end the stream");
        }
    }

    @Test
    void bothGrantTheSameActions() {
        JsonNode samShared = only(sam, "AWS::IAM::ManagedPolicy").getValue().path("Properties").path("PolicyDocument").deepCopy();
        // The KMS statement is conditional; with the default (no custom key) it is absent, as in the default CDK synth.
        ArrayNode statements = (ArrayNode) samShared.path("Statement");
        for (int i = statements.size() - 1; i >= 0; i--) {
            if (statements.get(i).has("Fn::If")) {
                statements.remove(i);
            }
        }
        JsonNode cdkShared = only(cdk, "AWS::IAM::ManagedPolicy").getValue().path("Properties").path("PolicyDocument");
        assertEquals(actionsBySid(samShared), actionsBySid(cdkShared), "shared policy");

        for (String handler : List.of(HEALTH_POLLER, "io.llmrouter.refresh.CostRefreshHandler",
                "io.llmrouter.route.RouteHandler", "io.llmrouter.batchrunner.BatchRunnerHandler")) {
            JsonNode samOwn = samFunctions().get(handler).path("Policies").get(1);
            assertEquals(actionsBySid(samOwn), actionsBySid(cdkOwnPolicy(handler)), handler + "'s own policy");
        }
        assertEquals(2, samFunctions().get("io.llmrouter.route.RouteHandler").path("Policies").size(),
                "beyond the shared policy the route function needs only the batch files (its metrics are EMF on stdout)");
    }

    /** The CDK's inline policy on the role of the function with {@code handler}. */
    private JsonNode cdkOwnPolicy(String handler) {
        String role = null;
        for (var function : resources(cdk, "AWS::Lambda::Function").values()) {
            if (function.path("Properties").path("Handler").asText().equals(handler)) {
                role = function.path("Properties").path("Role").path("Fn::GetAtt").path(0).asText();
            }
        }
        for (var policy : resources(cdk, "AWS::IAM::Policy").values()) {
            for (JsonNode attached : policy.path("Properties").path("Roles")) {
                if (attached.path("Ref").asText().equals(role)) {
                    return policy.path("Properties").path("PolicyDocument");
                }
            }
        }
        throw new AssertionError("no inline policy on the role of " + handler);
    }

    @Test
    void bothCreateTheSameBatchBucket() {
        JsonNode samBucket = only(sam, "AWS::S3::Bucket").getValue();
        JsonNode cdkBucket = only(cdk, "AWS::S3::Bucket").getValue();
        assertEquals(samBucket.path("Properties"), cdkBucket.path("Properties"));
        assertEquals(samBucket.path("DeletionPolicy"), cdkBucket.path("DeletionPolicy"));
    }

    @Test
    void bothCreateTheSameTable() {
        JsonNode samTable = only(sam, "AWS::DynamoDB::Table").getValue();
        JsonNode cdkTable = only(cdk, "AWS::DynamoDB::Table").getValue();
        assertEquals(samTable.path("Properties"), cdkTable.path("Properties"));
        assertEquals(samTable.path("DeletionPolicy"), cdkTable.path("DeletionPolicy"));
    }

    @Test
    void bothKeepTheLogsAlike() {
        for (JsonNode template : List.of(sam, cdk)) {
            var groups = resources(template, "AWS::Logs::LogGroup").values();
            assertEquals(4, groups.size());
            groups.forEach(group -> {
                assertEquals(30, group.path("Properties").path("RetentionInDays").asInt());
                assertEquals("Retain", group.path("DeletionPolicy").asText(), "logs outlive the stack");
            });
        }
    }

    @Test
    void samParameterDefaultsAreTheCdkDefaults() {
        JsonNode parameters = sam.path("Parameters");
        JsonNode poller = cdkFunctions().get(HEALTH_POLLER);
        assertEquals(poller.path("Runtime").asText(), parameters.path("Runtime").path("Default").asText());
        assertEquals(poller.path("Architectures").path(0).asText(), parameters.path("Architecture").path("Default").asText());
        assertEquals(poller.path("Environment").path("Variables").path("ROUTER_CONFIG").asText(),
                "ssm:" + parameters.path("ConfigParameterName").path("Default").asText());
        assertEquals(only(cdk, "AWS::Events::EventBus").getValue().path("Properties").path("Name").asText(),
                parameters.path("EventBusName").path("Default").asText());
        assertEquals(DeploymentSettings.DEFAULT_HOURLY_BUDGET_USD, parameters.path("HourlyBudgetUsd").path("Default").asDouble());
        assertEquals(DeploymentSettings.DEFAULT_HOURLY_BUDGET_USD,
                Observability.alarmsByMetric(cdk).get("CostUSD").path("Threshold").asDouble(), "the CDK's budget alarm");
        assertEquals("", parameters.path("AlarmEmail").path("Default").asText());
        assertEquals("^$|^" + DeploymentSettings.EMAIL_PATTERN + "$", parameters.path("AlarmEmail").path("AllowedPattern").asText());
        assertEquals(DeploymentSettings.RUNTIMES, allowedValues(parameters.path("Runtime")));
        assertEquals(DeploymentSettings.ARCHITECTURES, allowedValues(parameters.path("Architecture")));
        assertEquals(RouteCompute.Mode.OnDemand.name(), parameters.path("RouteCompute").path("Default").asText());
        assertEquals(Set.of(RouteCompute.Mode.values()).stream().map(Enum::name).collect(Collectors.toSet()),
                allowedValues(parameters.path("RouteCompute")));
        assertEquals(String.join(",", RouteCompute.DEFAULT_INSTANCE_TYPES), parameters.path("RouteInstanceTypes").path("Default").asText());
        assertEquals(RouteCompute.DEFAULT_MAX_VCPU_COUNT, parameters.path("RouteMaxVCpuCount").path("Default").asInt());
        assertEquals(RouteCompute.MIN_VCPU_COUNT, parameters.path("RouteMaxVCpuCount").path("MinValue").asInt());
        assertEquals(RouteCompute.DEFAULT_MAX_CONCURRENCY, parameters.path("RouteMaxConcurrency").path("Default").asInt());
    }

    private static Set<String> allowedValues(JsonNode parameter) {
        Set<String> values = new HashSet<>();
        parameter.path("AllowedValues").forEach(value -> values.add(value.asText()));
        return values;
    }

    /**
     * The body lives once, in infra-cdk's resources (the CDK reads it); template.yaml cannot include a file, so
     * it carries a copy that must parse to the same JSON.
     */
    @Test
    void bothDeployTheOneDashboardBody() {
        JsonNode source = Observability.parse(LlmRouterStack.dashboardBody());
        assertEquals(source, Observability.dashboardBody(sam), "template.yaml's CostDashboard DashboardBody differs from "
                + "infra-cdk/src/main/resources" + LlmRouterStack.DASHBOARD_RESOURCE + "; copy the file into it");
        assertEquals(source, Observability.dashboardBody(cdk));
        assertEquals(sam.path("Resources").path("CostDashboard").path("Properties").path("DashboardName").path("Fn::Sub").asText()
                        .replace("${AWS::StackName}", "LlmRouterTest"),
                only(cdk, "AWS::CloudWatch::Dashboard").getValue().path("Properties").path("DashboardName").asText());
    }

    /** Alarm for alarm (by metric), every property but the name and the actions, which each stack's test checks. */
    @Test
    void bothRaiseTheSameAlarms() {
        Map<String, JsonNode> samAlarms = comparableAlarms(sam);
        Map<String, JsonNode> cdkAlarms = comparableAlarms(cdk);
        assertEquals(samAlarms.keySet(), cdkAlarms.keySet(), "alarmed metrics");
        samAlarms.forEach((metric, samAlarm) -> assertEquals(samAlarm, cdkAlarms.get(metric), metric));
    }

    private static Map<String, JsonNode> comparableAlarms(JsonNode template) {
        double budget = sam.path("Parameters").path("HourlyBudgetUsd").path("Default").asDouble();
        Map<String, JsonNode> alarms = new TreeMap<>();
        Observability.alarmsByMetric(template).forEach((metric, properties) -> {
            ObjectNode comparable = properties.deepCopy();
            comparable.remove(List.of("AlarmName", "AlarmActions"));
            // template.yaml's budget is a Ref to its parameter; with the default it is the CDK's default number.
            JsonNode threshold = comparable.path("Threshold");
            comparable.put("Threshold", threshold.has("Ref") ? budget : threshold.asDouble());
            alarms.put(metric, comparable);
        });
        return alarms;
    }

    /** template.yaml's one team alarm (by parameters) is the CDK's per team (from the config) but for team and threshold. */
    @Test
    void bothAlarmOnATeamBudgetAlike(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("router.yaml"), "limits: {teams: {research: {usd: 300, period: month, alarmAt: 0.9}}}\n");
        JsonNode withTeam = Templates.json(Templates.cdk(Map.of("routerConfig", config.toString())));
        ObjectNode samAlarm = Observability.teamBudgetAlarms(sam).values().iterator().next().deepCopy();
        ObjectNode cdkAlarm = Observability.teamBudgetAlarms(withTeam).values().iterator().next().deepCopy();
        for (ObjectNode alarm : List.of(samAlarm, cdkAlarm)) {
            alarm.remove(List.of("AlarmName", "AlarmDescription", "AlarmActions", "Dimensions", "Threshold"));
        }
        assertEquals(samAlarm, cdkAlarm);
        assertEquals(sam.path("Parameters").path("TeamBudgetAlarmAt").path("Default").asDouble(),
                Observability.teamBudgetAlarms(withTeam).values().iterator().next().path("Threshold").asDouble(),
                "the parameter's default is the example's alarmAt");
    }

    @Test
    void bothAlarmAndChartOnlyMetricsTheContractDefines() {
        Set<String> contract = Observability.contractMetrics();
        for (JsonNode template : List.of(sam, cdk)) {
            Set<String> used = new HashSet<>(Observability.metricNames(Observability.widgets(Observability.dashboardBody(template))));
            used.addAll(Observability.alarmsByMetric(template).keySet());
            Observability.teamBudgetAlarms(template).values().forEach(alarm -> used.add(alarm.path("MetricName").asText()));
            used.removeAll(contract);
            assertEquals(Set.of(), used, "metrics missing from docs/metrics.md");
        }
        assertTrue(contract.containsAll(List.of("CostUSD", "HealthyClusters", "CostRecordsWritten", "CostPer1k")),
                "docs/metrics.md read: " + contract);
    }

    @Test
    void bothOutputTheSameValues() {
        assertEquals(names(sam.path("Outputs")), names(cdk.path("Outputs")));
    }
}
