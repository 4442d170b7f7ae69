package io.llmrouter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.assertions.Template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static io.llmrouter.infra.TemplateJson.actions;
import static io.llmrouter.infra.TemplateJson.only;
import static io.llmrouter.infra.TemplateJson.referencedId;
import static io.llmrouter.infra.TemplateJson.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * template.yaml as CloudFormation receives it (before the SAM transform): every reference resolves, the SAM
 * wiring (events, alias, policies) is as the functions need it, and each CodeUri zip holds its handler.
 * What it shares with the CDK stack is compared in {@link StackParityTest}.
 */
class SamTemplateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Template template;
    private static JsonNode json;

    @BeforeAll
    static void load() {
        template = Templates.sam();
        json = Templates.json(template);
    }

    @Test
    void declaresTheWholeStack() {
        assertEquals("AWS::Serverless-2016-10-31", json.path("Transform").asText());
        // Four functions, the route function declared twice: on demand and on Managed Instances (one is created).
        template.resourceCountIs("AWS::Serverless::Function", 5);
        // The function URLs and the aliases are made by the transform; the placeholders stand for them (Templates).
        assertEquals(4, resources(json, Templates.SAM_GENERATED).size());
        template.resourceCountIs("AWS::Lambda::CapacityProvider", 1);
        template.resourceCountIs("AWS::IAM::Role", 1);
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.resourceCountIs("AWS::Events::EventBus", 1);
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 1);
        template.resourceCountIs("AWS::Logs::LogGroup", 4);
        template.resourceCountIs("AWS::S3::Bucket", 1);
        template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 6);
    }

    /** Proves the load above is a real reference check: each broken copy must be refused, naming the culprit. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "STATE_TABLE: !Ref StateTable      | STATE_TABLE: !Ref StateTabel       | StateTabel",
            "parameter${ConfigParameterName}   | parameter${ConfigParamName}        | ConfigParamName",
            "LogGroup: !Ref RouteLogGroup      | LogGroup: !Ref RouteLogs           | RouteLogs",
            "- HasConfigKmsKey                 | - HasKmsKey                        | HasKmsKey",
            "Threshold: !Ref HourlyBudgetUsd   | Threshold: !Ref HourlyBudget       | HourlyBudget",
            "[HasAlarmEmail, [!Ref AlarmTopic] | [HasAlarmMail, [!Ref AlarmTopic]   | HasAlarmMail",
            // The output names the URL the transform makes from FunctionUrlConfig, and only while there is one.
            "!GetAtt RouteFunctionUrl.          | !GetAtt RouteFunctionURL.          | RouteFunctionURL",
            "FunctionUrlConfig:                 | UrlConfig:                         | RouteFunctionUrl",
            "Arn: !GetAtt RouteCapacityProvider.Arn | Arn: !GetAtt RouteCapacityProvidr.Arn | RouteCapacityProvidr",
            "Condition: RouteOnManagedInstances | Condition: RouteOnManaged            | RouteOnManaged",
            "!Ref RouteMaxConcurrency           | !Ref RouteMaxConcurency             | RouteMaxConcurency"})
    void aBrokenReferenceIsRefused(String original, String broken, String culprit, @TempDir Path dir) throws IOException {
        String text = Files.readString(Repository.file("template.yaml"));
        assertTrue(text.contains(original), "template.yaml no longer contains " + original);
        Path copy = dir.resolve("template.yaml");
        Files.writeString(copy, text.replace(original, broken));
        RuntimeException error = assertThrows(RuntimeException.class, () -> Templates.include(copy.toString()));
        assertTrue(error.getMessage().contains(culprit), error.getMessage());
    }

    @Test
    void everyCodeUriZipHoldsItsHandlerClassAtTheRootAndItsLibrariesUnderLib() throws IOException {
        List<String> problems = new ArrayList<>();
        for (JsonNode function : resources(json, "AWS::Serverless::Function").values()) {
            String codeUri = function.path("Properties").path("CodeUri").asText();
            String handler = function.path("Properties").path("Handler").asText();
            Path zip = Repository.file(codeUri);
            if (!Files.isRegularFile(zip)) {
                problems.add(codeUri + " is missing: the function zips are built in Maven's package phase; run "
                        + "`mvn package` at the repository root (or `mvn verify`, not just `mvn test`) first");
                continue;
            }
            try (ZipFile archive = new ZipFile(zip.toFile())) {
                String handlerClass = handler.replace('.', '/') + ".class";
                if (archive.getEntry(handlerClass) == null) {
                    problems.add(codeUri + " has no " + handlerClass + " at its root (handler " + handler + ")");
                }
                if (archive.stream().noneMatch(e -> e.getName().startsWith("lib/") && e.getName().endsWith(".jar"))) {
                    problems.add(codeUri + " has no libraries under lib/");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * SAM attaches the URL of FunctionUrlConfig to the AutoPublishAlias alias when there is one (and to $LATEST when
     * not), so the alias is what makes the URL serve SnapStart's published versions.
     */
    @Test
    void theRouteFunctionStreamsFromAPublicUrlOnItsSnapStartAlias() {
        JsonNode route = samFunction("RouteFunction");
        assertEquals("live", route.path("AutoPublishAlias").asText(), "SnapStart only applies to published versions");
        assertEquals("PublishedVersions", route.path("SnapStart").path("ApplyOn").asText());
        for (String id : List.of("RouteFunction", "RouteManagedFunction")) {
            JsonNode function = samFunction(id);
            JsonNode url = function.path("FunctionUrlConfig");
            assertEquals("RESPONSE_STREAM", url.path("InvokeMode").asText(), id + ": BUFFERED would hold the answer back");
            assertEquals("NONE", url.path("AuthType").asText(), id + ": clients send router keys, not SigV4");
            assertTrue(function.path("Events").isMissingNode(), id + ": nothing but the URL invokes the route function");
            JsonNode env = function.path("Environment").path("Variables");
            assertEquals("/var/task/bin/stream-runtime", env.path("AWS_LAMBDA_EXEC_WRAPPER").asText(), id);
        }
        resources(json, "AWS::Serverless::Function").forEach((id, function) -> {
            if (!id.startsWith("Route")) {
                assertTrue(function.path("Properties").path("FunctionUrlConfig").isMissingNode(), id);
                assertTrue(function.path("Properties").path("Environment").path("Variables")
                        .path("AWS_LAMBDA_EXEC_WRAPPER").isMissingNode(), id + " is not invoked in streaming mode");
            }
        });
    }

    @Test
    void noApiGatewayIsLeft() {
        json.path("Resources").properties().forEach(resource -> {
            String type = resource.getValue().path("Type").asText();
            assertFalse(type.startsWith("AWS::ApiGateway") || type.equals("AWS::Serverless::Api")
                    || type.equals("AWS::Serverless::HttpApi"), resource.getKey() + " " + type);
            // An Api or HttpApi event would make SAM create an implicit API.
            resource.getValue().path("Properties").path("Events").forEach(event -> assertFalse(
                    event.path("Type").asText().matches("Api|HttpApi"), resource.getKey() + " " + event));
        });
        assertFalse(json.path("Outputs").toString().contains("execute-api"));
    }

    @Test
    void everyFunctionGetsTheSharedPolicyOnlyThePollersPublishGaugesOnlyTheHealthPollerEventsOnlyCostRefreshPrices() {
        String policyId = only(json, "AWS::IAM::ManagedPolicy").getKey();
        String busId = only(json, "AWS::Events::EventBus").getKey();
        resources(json, "AWS::Serverless::Function").forEach((id, function) -> {
            JsonNode policies = function.path("Properties").path("Policies");
            assertEquals(policyId, referencedId(policies.get(0)), id);
            if (id.equals("RouteFunction") || id.equals("RouteManagedFunction") || id.equals("BatchRunnerFunction")) {
                // Beyond the shared policy, only the batch files (and for the runner, writing a batch's items); the
                // route function's metrics are EMF, and the runner publishes none.
                assertEquals(2, policies.size(), id);
                JsonNode statements = policies.get(1).path("Statement");
                assertEquals("BatchFiles", statements.get(0).path("Sid").asText(), id);
                assertEquals(java.util.Set.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"), actions(statements.get(0)), id);
                assertEquals("${BatchBucket.Arn}/*", statements.get(0).path("Resource").path("Fn::Sub").asText(), id);
                if (id.equals("BatchRunnerFunction")) {
                    assertEquals(2, statements.size(), id);
                    assertEquals(java.util.Set.of("dynamodb:BatchWriteItem"), actions(statements.get(1)), id);
                } else {
                    assertEquals(1, statements.size(), id);
                }
                return;
            }
            assertEquals(2, policies.size(), id);
            JsonNode statements = policies.get(1).path("Statement");
            JsonNode gauges = statements.get(statements.size() - 1);
            assertEquals("GaugeMetrics", gauges.path("Sid").asText(), id);
            assertEquals(List.of("cloudwatch:PutMetricData"), List.copyOf(actions(gauges)), id);
            assertEquals("LlmRouter", gauges.path("Condition").path("StringEquals").path("cloudwatch:namespace").asText(), id);
            if (id.equals("HealthPollerFunction")) {
                assertEquals(2, statements.size());
                assertEquals(List.of("events:PutEvents"), List.copyOf(actions(statements.get(0))));
                assertEquals(busId, referencedId(statements.get(0).path("Resource")));
            } else {
                // cost-refresh reads node prices from the AWS Price List, whose actions take no resource.
                assertEquals(2, statements.size(), id);
                assertEquals("NodePrices", statements.get(0).path("Sid").asText(), id);
                assertEquals(List.of("pricing:GetProducts"), List.copyOf(actions(statements.get(0))), id);
            }
        });
    }

    @Test
    void theSharedPolicyIsScopedToTheTableTheConfigParameterAndTheCredentialPrefix() {
        JsonNode statements = only(json, "AWS::IAM::ManagedPolicy").getValue()
                .path("Properties").path("PolicyDocument").path("Statement");
        String tableId = only(json, "AWS::DynamoDB::Table").getKey();
        for (JsonNode statement : statements) {
            if (statement.has("Fn::If")) {
                // Only with a customer-managed key, and then only that key.
                JsonNode branches = statement.get("Fn::If");
                assertEquals("HasConfigKmsKey", branches.get(0).asText());
                assertEquals("kms:Decrypt", branches.get(1).path("Action").asText());
                assertEquals("ConfigKmsKeyArn", referencedId(branches.get(1).path("Resource")));
                assertEquals("AWS::NoValue", referencedId(branches.get(2)));
                continue;
            }
            String resource = statement.path("Resource").toString();
            switch (statement.path("Sid").asText()) {
                case "RoutingState" -> assertEquals(tableId, referencedId(statement.path("Resource")));
                case "RouterConfig" -> assertTrue(resource.endsWith(":parameter${ConfigParameterName}\"}"), resource);
                case "CredentialParameters" -> assertTrue(resource.endsWith(":parameter/llm-router/*\"}"), resource);
                case "CredentialSecrets" -> assertTrue(resource.endsWith(":secret:llm-router/*\"}"), resource);
                default -> fail("unexpected statement " + statement);
            }
        }
    }

    @Test
    void outputsNameTheApiTheTableAndTheBus() {
        JsonNode outputs = json.path("Outputs");
        // The URL SAM makes from RouteFunction's FunctionUrlConfig; it ends in a slash, as the API's URL did.
        // The URL of whichever route function RouteCompute creates.
        JsonNode apiUrl = outputs.path("ApiUrl").path("Value").path("Fn::If");
        assertEquals("RouteOnDemand", apiUrl.path(0).asText());
        assertEquals("RouteFunction.FunctionUrlConfig", urlFrom(apiUrl.path(1)));
        assertEquals("RouteManagedFunction.FunctionUrlConfig", urlFrom(apiUrl.path(2)));
        assertEquals("StateTable", referencedId(outputs.path("StateTableName").path("Value")));
        assertEquals("EventBus", referencedId(outputs.path("EventBusName").path("Value")));
        assertTrue(outputs.path("DashboardUrl").path("Value").path("Fn::Sub").asText().endsWith("#dashboards/dashboard/${CostDashboard}"));
    }

    @Test
    void theCostDashboardChartsTheContractsMetricsAndQueriesTheRouteLogs() {
        JsonNode dashboard = only(json, "AWS::CloudWatch::Dashboard").getValue().path("Properties");
        assertEquals("${AWS::StackName}-costs", dashboard.path("DashboardName").path("Fn::Sub").asText());
        Observability.assertCostDashboard(Observability.dashboardBody(json));
        // The Logs Insights widget's ${RouteLogGroup} is the group the route function writes its "request" lines to,
        // on demand or on Managed Instances.
        for (String id : List.of("RouteFunction", "RouteManagedFunction")) {
            assertEquals("RouteLogGroup", referencedId(samFunction(id).path("LoggingConfig").path("LogGroup")), id);
        }
    }

    @Test
    void theAlarmsFollowTheContractWithTheBudgetFromItsParameter() {
        JsonNode budget = json.path("Parameters").path("HourlyBudgetUsd");
        assertEquals("Number", budget.path("Type").asText());
        assertEquals(10, budget.path("Default").asInt());
        assertEquals(0, budget.path("MinValue").asInt());
        Observability.assertAlarms(Observability.alarmsByMetric(json), JSON.createObjectNode().put("Ref", "HourlyBudgetUsd"));
        resources(json, "AWS::CloudWatch::Alarm").forEach((id, alarm) -> assertTrue(
                alarm.path("Properties").path("AlarmName").path("Fn::Sub").asText().startsWith("${AWS::StackName}-"), id));
    }

    @Test
    void theAlarmsNotifyTheEmailTopicOnlyWhenAnAddressIsGiven() {
        assertEquals("", json.path("Parameters").path("AlarmEmail").path("Default").asText());
        assertEquals("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"AlarmEmail\"},\"\"]}]}",
                json.path("Conditions").path("HasAlarmEmail").toString());
        var topic = only(json, "AWS::SNS::Topic");
        assertEquals("HasAlarmEmail", topic.getValue().path("Condition").asText());
        JsonNode subscription = only(json, "AWS::SNS::Subscription").getValue();
        assertEquals("HasAlarmEmail", subscription.path("Condition").asText());
        assertEquals("email", subscription.path("Properties").path("Protocol").asText());
        assertEquals("AlarmEmail", referencedId(subscription.path("Properties").path("Endpoint")));
        assertEquals(topic.getKey(), referencedId(subscription.path("Properties").path("TopicArn")));
        resources(json, "AWS::CloudWatch::Alarm").forEach((id, alarm) -> {
            if (Observability.teamBudgetAlarms(json).containsKey(id)) {
                return;
            }
            JsonNode branches = alarm.path("Properties").path("AlarmActions").path("Fn::If");
            assertEquals("HasAlarmEmail", branches.path(0).asText(), id);
            assertEquals(1, branches.path(1).size(), id);
            assertEquals(topic.getKey(), referencedId(branches.path(1).path(0)), id);
            assertEquals("AWS::NoValue", referencedId(branches.path(2)), id);
        });
    }

    @Test
    void aTeamBudgetAlarmIsMadeOnlyForANamedTeamAndNotifiesItsTopicElseTheEmailTopic() {
        JsonNode parameters = json.path("Parameters");
        assertEquals("", parameters.path("TeamBudgetAlarmTeam").path("Default").asText(), "none unless asked for");
        assertEquals(0.9, parameters.path("TeamBudgetAlarmAt").path("Default").asDouble());
        assertEquals(1, parameters.path("TeamBudgetAlarmAt").path("MaxValue").asInt());
        assertEquals("", parameters.path("TeamBudgetAlarmTopicArn").path("Default").asText());
        assertTrue("arn:aws:sns:eu-west-1:123456789012:finops".matches(
                parameters.path("TeamBudgetAlarmTopicArn").path("AllowedPattern").asText()));
        assertEquals("{\"Fn::Not\":[{\"Fn::Equals\":[{\"Ref\":\"TeamBudgetAlarmTeam\"},\"\"]}]}",
                json.path("Conditions").path("HasTeamBudgetAlarm").toString());

        Map<String, JsonNode> alarms = Observability.teamBudgetAlarms(json);
        assertEquals(1, alarms.size());
        String id = alarms.keySet().iterator().next();
        assertEquals("HasTeamBudgetAlarm", json.path("Resources").path(id).path("Condition").asText());
        JsonNode alarm = alarms.get(id);
        Observability.assertTeamBudgetAlarm(alarm, JSON.createObjectNode().put("Ref", "TeamBudgetAlarmTeam"),
                JSON.createObjectNode().put("Ref", "TeamBudgetAlarmAt"));
        assertEquals("${AWS::StackName}-team-budget-${TeamBudgetAlarmTeam}", alarm.path("AlarmName").path("Fn::Sub").asText());
        JsonNode branches = alarm.path("AlarmActions").path("Fn::If");
        assertEquals("HasTeamBudgetAlarmTopic", branches.path(0).asText());
        assertEquals("TeamBudgetAlarmTopicArn", referencedId(branches.path(1).path(0)));
        JsonNode otherwise = branches.path(2).path("Fn::If");
        assertEquals("HasAlarmEmail", otherwise.path(0).asText());
        assertEquals(only(json, "AWS::SNS::Topic").getKey(), referencedId(otherwise.path(1).path(0)));
        assertEquals("AWS::NoValue", referencedId(otherwise.path(2)));
    }

    /**
     * RouteCompute picks one of two route functions; everything of Managed Instances exists only with it, so an on-demand
     * deployment is the one it was before the switch.
     */
    @Test
    void routeComputeCreatesEitherTheOnDemandOrTheManagedRouteFunction() {
        JsonNode parameter = json.path("Parameters").path("RouteCompute");
        assertEquals("OnDemand", parameter.path("Default").asText());
        assertEquals(List.of("OnDemand", "ManagedInstances"), texts(parameter.path("AllowedValues")));
        assertEquals("{\"Fn::Equals\":[{\"Ref\":\"RouteCompute\"},\"OnDemand\"]}", json.path("Conditions").path("RouteOnDemand").toString());
        assertEquals("{\"Fn::Equals\":[{\"Ref\":\"RouteCompute\"},\"ManagedInstances\"]}",
                json.path("Conditions").path("RouteOnManagedInstances").toString());

        JsonNode resources = json.path("Resources");
        assertEquals("RouteOnDemand", resources.path("RouteFunction").path("Condition").asText());
        for (String id : List.of("RouteManagedFunction", "RouteCapacityProvider", "RouteCapacityProviderOperatorRole")) {
            assertEquals("RouteOnManagedInstances", resources.path(id).path("Condition").asText(), id);
        }
        resources.properties().forEach(resource -> {
            boolean mentionsManagedInstances = resource.getValue().path("Properties").toString().contains("RouteCapacityProvider");
            if (mentionsManagedInstances) {
                assertEquals("RouteOnManagedInstances", resource.getValue().path("Condition").asText(), resource.getKey());
            }
        });
        assertTrue(samFunction("RouteFunction").path("CapacityProviderConfig").isMissingNode(), "on demand");
        // Without subnets and security groups the capacity provider cannot be made; the rule refuses such a deployment first.
        JsonNode rule = json.path("Rules").path("ManagedInstancesNeedANetwork");
        assertEquals("{\"Fn::Equals\":[{\"Ref\":\"RouteCompute\"},\"ManagedInstances\"]}", rule.path("RuleCondition").toString());
        assertEquals(List.of("RouteSubnetIds", "RouteSecurityGroupIds"), rule.path("Assertions").valueStream()
                .map(assertion -> referencedId(assertion.path("Assert").path("Fn::Not").path(0).path("Fn::Contains").path(0))).toList());
    }

    /**
     * The managed route function is the on-demand one but for where it runs: the capacity provider and its concurrency,
     * the memory Managed Instances need, and no SnapStart, which does not apply to them.
     */
    @Test
    void theManagedRouteFunctionIsTheOnDemandOneOnTheCapacityProviderWithoutSnapStart() {
        ObjectNode onDemand = samFunction("RouteFunction").deepCopy();
        ObjectNode managed = samFunction("RouteManagedFunction").deepCopy();
        assertTrue(managed.path("SnapStart").isMissingNode(), "SnapStart does not apply to Managed Instances");
        assertEquals("live", managed.path("AutoPublishAlias").asText(), "Managed Instances run published versions");

        JsonNode compute = managed.path("CapacityProviderConfig");
        assertEquals("RouteCapacityProvider", referencedId(compute.path("Arn")));
        assertEquals("RouteMaxConcurrency", referencedId(compute.path("PerExecutionEnvironmentMaxConcurrency")));
        JsonNode concurrency = json.path("Parameters").path("RouteMaxConcurrency");
        assertEquals(RouteCompute.DEFAULT_MAX_CONCURRENCY, concurrency.path("Default").asInt());
        assertEquals(1, concurrency.path("MinValue").asInt());
        assertEquals(1600, concurrency.path("MaxValue").asInt());
        // One vCPU per execution environment, so the default is AWS's Java default of 32 per vCPU.
        assertEquals(1, managed.path("MemorySize").asInt() / 1024 / compute.path("ExecutionEnvironmentMemoryGiBPerVCpu").asInt());
        assertEquals(RouteCompute.MEMORY_MIB, managed.path("MemorySize").asInt());
        assertEquals(RouteCompute.MEMORY_GIB_PER_VCPU, compute.path("ExecutionEnvironmentMemoryGiBPerVCpu").asInt());

        onDemand.remove(List.of("SnapStart", "MemorySize"));
        managed.remove(List.of("CapacityProviderConfig", "MemorySize"));
        assertEquals(onDemand, managed, "the two route functions differ only in where they run");
    }

    /** Graviton instances by default, of the functions' architecture, in the given network, scaled up to the cap. */
    @Test
    void theCapacityProviderRunsGravitonInstancesOfTheFunctionsArchitectureInTheGivenNetwork() {
        JsonNode provider = only(json, "AWS::Lambda::CapacityProvider").getValue().path("Properties");
        JsonNode parameters = json.path("Parameters");
        JsonNode requirements = provider.path("InstanceRequirements");
        assertEquals("Architecture", referencedId(requirements.path("Architectures").path(0)));
        assertEquals(1, requirements.path("Architectures").size());
        assertEquals("RouteInstanceTypes", referencedId(requirements.path("AllowedInstanceTypes")));
        List<String> defaultTypes = List.of(parameters.path("RouteInstanceTypes").path("Default").asText().split(","));
        assertEquals(RouteCompute.DEFAULT_INSTANCE_TYPES, defaultTypes);
        String defaultArchitecture = parameters.path("Architecture").path("Default").asText();
        defaultTypes.forEach(type -> assertEquals(defaultArchitecture, RouteCompute.architectureOf(type), type));

        assertEquals("RouteSubnetIds", referencedId(provider.path("VpcConfig").path("SubnetIds")));
        assertEquals("RouteSecurityGroupIds", referencedId(provider.path("VpcConfig").path("SecurityGroupIds")));
        assertEquals("Auto", provider.path("CapacityProviderScalingConfig").path("ScalingMode").asText());
        assertEquals("RouteMaxVCpuCount", referencedId(provider.path("CapacityProviderScalingConfig").path("MaxVCpuCount")));
        assertEquals(RouteCompute.DEFAULT_MAX_VCPU_COUNT, parameters.path("RouteMaxVCpuCount").path("Default").asInt());

        var role = only(json, "AWS::IAM::Role");
        assertEquals(role.getKey(), referencedId(provider.path("PermissionsConfig").path("CapacityProviderOperatorRoleArn")));
        JsonNode trust = role.getValue().path("Properties").path("AssumeRolePolicyDocument").path("Statement");
        assertEquals(1, trust.size());
        assertEquals("lambda.amazonaws.com", trust.path(0).path("Principal").path("Service").asText());
        assertEquals("arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator",
                role.getValue().path("Properties").path("ManagedPolicyArns").path(0).path("Fn::Sub").asText());
    }

    private static List<String> texts(JsonNode array) {
        return array.valueStream().map(JsonNode::asText).toList();
    }

    /** The properties of the function with logical id {@code id}. */
    private static JsonNode samFunction(String id) {
        JsonNode function = json.path("Resources").path(id);
        assertEquals("AWS::Serverless::Function", function.path("Type").asText(), id);
        return function.path("Properties");
    }

    /** Where the URL a {@code Fn::GetAtt <id>.FunctionUrl} names comes from (Templates' placeholders). */
    private static String urlFrom(JsonNode getAtt) {
        String urlId = referencedId(getAtt);
        JsonNode attribute = getAtt.path("Fn::GetAtt");
        assertEquals("FunctionUrl", attribute.isArray() ? attribute.path(1).asText() : attribute.asText().split("\\.")[1]);
        return resources(json, Templates.SAM_GENERATED).get(urlId).path("Metadata").path("From").asText();
    }
}
