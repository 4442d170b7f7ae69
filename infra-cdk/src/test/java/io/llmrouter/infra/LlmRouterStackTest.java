package io.llmrouter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.llmrouter.infra.TemplateJson.actions;
import static io.llmrouter.infra.TemplateJson.actionsBySid;
import static io.llmrouter.infra.TemplateJson.only;
import static io.llmrouter.infra.TemplateJson.referencedId;
import static io.llmrouter.infra.TemplateJson.resourceWith;
import static io.llmrouter.infra.TemplateJson.resources;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CDK stack synthesized from the built zips, checked resource by resource against what the functions need. */
class LlmRouterStackTest {

    private static final String ROUTE = "io.llmrouter.route.RouteHandler";
    private static final String HEALTH_POLLER = "io.llmrouter.poller.HealthPollerHandler";
    private static final String COST_REFRESH = "io.llmrouter.refresh.CostRefreshHandler";
    private static final String BATCH_RUNNER = "io.llmrouter.batchrunner.BatchRunnerHandler";

    private static LlmRouterStack stack;
    private static Template template;
    private static JsonNode json;

    @BeforeAll
    static void synthesize() {
        stack = Templates.cdkStack(Map.of());
        template = Template.fromStack(stack);
        json = Templates.json(template);
    }

    private static JsonNode function(String handler) {
        return resourceWith(json, "AWS::Lambda::Function", "Handler", handler).getValue().path("Properties");
    }

    private static String functionId(String handler) {
        return resourceWith(json, "AWS::Lambda::Function", "Handler", handler).getKey();
    }

    @Test
    void stateTableIsKeyedByPkAndSkWithTtlAndOnDemandBilling() {
        template.resourceCountIs("AWS::DynamoDB::Table", 1);
        template.hasResourceProperties("AWS::DynamoDB::Table", Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "KeySchema", List.of(Map.of("AttributeName", "pk", "KeyType", "HASH"), Map.of("AttributeName", "sk", "KeyType", "RANGE")),
                "AttributeDefinitions", List.of(Map.of("AttributeName", "pk", "AttributeType", "S"), Map.of("AttributeName", "sk", "AttributeType", "S")),
                "TimeToLiveSpecification", Map.of("AttributeName", "ttl", "Enabled", true)));
    }

    @Test
    void functionsHaveTheirMemoryTimeoutRuntimeAndArchitecture() {
        template.resourceCountIs("AWS::Lambda::Function", 4);
        assertFunction(ROUTE, 1024, 900);
        assertFunction(HEALTH_POLLER, 512, 75);
        assertFunction(COST_REFRESH, 512, 60);
        assertFunction(BATCH_RUNNER, 1024, 90);
    }

    private static void assertFunction(String handler, int memory, int timeout) {
        JsonNode function = function(handler);
        assertEquals(memory, function.path("MemorySize").asInt(), handler + " memory");
        assertEquals(timeout, function.path("Timeout").asInt(), handler + " timeout");
        assertEquals("java21", function.path("Runtime").asText(), handler + " runtime");
        assertEquals("arm64", function.path("Architectures").path(0).asText(), handler + " architecture");
    }

    @Test
    void everyFunctionFindsTheTableTheConfigAndItsPowertoolsSettings() {
        String tableId = only(json, "AWS::DynamoDB::Table").getKey();
        Map<String, String> services = Map.of(ROUTE, "route", HEALTH_POLLER, "health-poller", COST_REFRESH, "cost-refresh");
        services.forEach((handler, service) -> {
            JsonNode env = function(handler).path("Environment").path("Variables");
            assertEquals(tableId, referencedId(env.path("STATE_TABLE")), handler);
            assertEquals("ssm:/llm-router/config", env.path("ROUTER_CONFIG").asText(), handler);
            assertEquals(service, env.path("POWERTOOLS_SERVICE_NAME").asText(), handler);
            assertEquals("LlmRouter", env.path("POWERTOOLS_METRICS_NAMESPACE").asText(), handler);
            assertEquals("-XX:+TieredCompilation -XX:TieredStopAtLevel=1", env.path("JAVA_TOOL_OPTIONS").asText(), handler);
        });
    }

    @Test
    void healthPollerRunsEveryMinuteAndKnowsTheBus() {
        String busId = only(json, "AWS::Events::EventBus").getKey();
        template.hasResourceProperties("AWS::Events::EventBus", Map.of("Name", "llm-router"));
        JsonNode env = function(HEALTH_POLLER).path("Environment").path("Variables");
        assertEquals(busId, referencedId(env.path("EVENT_BUS_NAME")));
        // The poller polls for the whole period between invocations, so it is told that period.
        assertEquals("rate(1 minute)", scheduleOf(functionId(HEALTH_POLLER)));
        assertEquals("60s", env.path("POLL_SCHEDULE").asText());
        // The last round starts before the minute is up and may take its whole 7 s deadline.
        assertTrue(function(HEALTH_POLLER).path("Timeout").asInt() > 60 + 7, "timeout covers the last round");
        assertTrue(function(ROUTE).path("Environment").path("Variables").path("EVENT_BUS_NAME").isMissingNode(),
                "only the health-poller publishes events");
    }

    @Test
    void costRefreshRunsEveryFiveMinutes() {
        assertEquals("rate(5 minutes)", scheduleOf(functionId(COST_REFRESH)));
        template.resourceCountIs("AWS::Events::Rule", 3);
    }

    /**
     * The batch runner runs every minute; its waves start for BATCH_PASS and the last one's requests may take the
     * 27 s forwarding budget, within its timeout. It and the route function, and nothing else, know the bucket.
     */
    @Test
    void theBatchRunnerRunsEveryMinuteAndTheBatchFunctionsKnowTheBucket() {
        assertEquals("rate(1 minute)", scheduleOf(functionId(BATCH_RUNNER)));
        JsonNode env = function(BATCH_RUNNER).path("Environment").path("Variables");
        int pass = Integer.parseInt(env.path("BATCH_PASS").asText().replace("s", ""));
        assertTrue(pass + 27 < function(BATCH_RUNNER).path("Timeout").asInt(), "the last wave ends within the timeout");
        String bucketId = only(json, "AWS::S3::Bucket").getKey();
        for (String handler : List.of(ROUTE, BATCH_RUNNER)) {
            assertEquals(bucketId, referencedId(function(handler).path("Environment").path("Variables").path("BATCH_BUCKET")),
                    handler);
        }
        for (String handler : List.of(HEALTH_POLLER, COST_REFRESH)) {
            assertTrue(function(handler).path("Environment").path("Variables").path("BATCH_BUCKET").isMissingNode(), handler);
        }
        JsonNode bucket = only(json, "AWS::S3::Bucket").getValue();
        assertEquals("Retain", bucket.path("DeletionPolicy").asText(), "the users' files outlive the stack");
        assertEquals("AES256", bucket.path("Properties").path("BucketEncryption").path("ServerSideEncryptionConfiguration")
                .path(0).path("ServerSideEncryptionByDefault").path("SSEAlgorithm").asText());
        assertTrue(bucket.path("Properties").path("PublicAccessBlockConfiguration").path("RestrictPublicBuckets").asBoolean());
    }

    /** The schedule expression of the one rule that targets the function. */
    private static String scheduleOf(String functionId) {
        List<String> schedules = resources(json, "AWS::Events::Rule").values().stream()
                .filter(rule -> functionId.equals(referencedId(rule.path("Properties").path("Targets").path(0).path("Arn"))))
                .map(rule -> rule.path("Properties").path("ScheduleExpression").asText())
                .toList();
        assertEquals(1, schedules.size(), "rules targeting " + functionId);
        return schedules.getFirst();
    }

    @Test
    void theFunctionUrlStreamsFromTheRouteFunctionsSnapStartAlias() {
        assertEquals("PublishedVersions", function(ROUTE).path("SnapStart").path("ApplyOn").asText());
        assertTrue(function(HEALTH_POLLER).path("SnapStart").isMissingNode());

        var alias = only(json, "AWS::Lambda::Alias");
        JsonNode aliasProperties = alias.getValue().path("Properties");
        assertEquals("live", aliasProperties.path("Name").asText());
        assertEquals(functionId(ROUTE), referencedId(aliasProperties.path("FunctionName")));

        JsonNode url = only(json, "AWS::Lambda::Url").getValue().path("Properties");
        assertEquals(functionId(ROUTE), referencedId(url.path("TargetFunctionArn")));
        assertEquals("live", url.path("Qualifier").asText(), "the alias, not $LATEST");
        assertEquals("RESPONSE_STREAM", url.path("InvokeMode").asText(), "BUFFERED would hold the answer back");
        assertEquals("NONE", url.path("AuthType").asText(), "clients send router keys, not SigV4");
    }

    @Test
    void onDemandThereIsNoCapacityProvider() {
        template.resourceCountIs("AWS::Lambda::CapacityProvider", 0);
        assertTrue(function(ROUTE).path("CapacityProviderConfig").isMissingNode());
        assertEquals(null, stack.routeCapacityProvider());
    }

    /**
     * routeCompute ManagedInstances moves the route function, and only it, onto a capacity provider in the given network:
     * without SnapStart, with the memory Managed Instances need, and still streaming from the live alias's URL.
     */
    @Test
    void onManagedInstancesTheRouteFunctionRunsOnACapacityProviderWithoutSnapStart() {
        LlmRouterStack managed = Templates.cdkStack(Map.of("routeCompute", "ManagedInstances",
                "routeSubnetIds", "subnet-0a, subnet-0b", "routeSecurityGroupIds", "sg-0c", "routeMaxConcurrency", "64",
                "routeMaxVCpuCount", "24"));
        JsonNode managedJson = Templates.json(Template.fromStack(managed));
        var provider = only(managedJson, "AWS::Lambda::CapacityProvider");
        JsonNode properties = provider.getValue().path("Properties");
        assertEquals("{\"SecurityGroupIds\":[\"sg-0c\"],\"SubnetIds\":[\"subnet-0a\",\"subnet-0b\"]}", properties.path("VpcConfig").toString());
        assertEquals("[\"arm64\"]", properties.path("InstanceRequirements").path("Architectures").toString());
        assertEquals(RouteCompute.DEFAULT_INSTANCE_TYPES.toString().replace(" ", ""),
                properties.path("InstanceRequirements").path("AllowedInstanceTypes").toString().replace("\"", ""));
        assertEquals(24, properties.path("CapacityProviderScalingConfig").path("MaxVCpuCount").asInt());
        String operatorRole = referencedId(properties.path("PermissionsConfig").path("CapacityProviderOperatorRoleArn"));
        assertTrue(managedJson.path("Resources").path(operatorRole).path("Properties").path("ManagedPolicyArns").toString()
                .contains(":iam::aws:policy/AWSLambdaManagedEC2ResourceOperator"));

        var managedRoute = resourceWith(managedJson, "AWS::Lambda::Function", "Handler", ROUTE);
        // Switching compute creates a new function, since AWS cannot change an existing function's compute type.
        assertEquals("RouteManagedFunction", managedRoute.getKey());
        assertFalse(managedJson.path("Resources").has(functionId(ROUTE)), "the on-demand function is not kept");
        JsonNode route = managedRoute.getValue().path("Properties");
        JsonNode compute = route.path("CapacityProviderConfig").path("LambdaManagedInstancesCapacityProviderConfig");
        assertEquals(provider.getKey(), referencedId(compute.path("CapacityProviderArn")));
        assertEquals(64, compute.path("PerExecutionEnvironmentMaxConcurrency").asInt());
        assertEquals(RouteCompute.MEMORY_GIB_PER_VCPU, compute.path("ExecutionEnvironmentMemoryGiBPerVCpu").asInt());
        assertEquals(RouteCompute.MEMORY_MIB, route.path("MemorySize").asInt());
        assertTrue(route.path("SnapStart").isMissingNode(), "SnapStart does not apply to Managed Instances");
        for (String handler : List.of(HEALTH_POLLER, COST_REFRESH, BATCH_RUNNER)) {
            JsonNode other = resourceWith(managedJson, "AWS::Lambda::Function", "Handler", handler).getValue().path("Properties");
            assertTrue(other.path("CapacityProviderConfig").isMissingNode(), handler + " stays on demand");
            assertEquals(function(handler).path("MemorySize"), other.path("MemorySize"), handler);
        }
        JsonNode url = only(managedJson, "AWS::Lambda::Url").getValue().path("Properties");
        assertEquals("live", url.path("Qualifier").asText());
        assertEquals("RESPONSE_STREAM", url.path("InvokeMode").asText());
        Annotations.fromStack(managed).hasNoWarning("*", Match.anyValue());
    }

    /** x86 instances for an x86_64 deployment: the capacity provider takes the functions' architecture. */
    @Test
    void onManagedInstancesTheInstancesHaveTheFunctionsArchitecture() {
        JsonNode x86 = Templates.json(Templates.cdk(Map.of("routeCompute", "ManagedInstances", "architecture", "x86_64",
                "routeInstanceTypes", "c7i.large,m7i.large", "routeSubnetIds", "subnet-0a", "routeSecurityGroupIds", "sg-0c")));
        JsonNode requirements = only(x86, "AWS::Lambda::CapacityProvider").getValue().path("Properties").path("InstanceRequirements");
        assertEquals("[\"x86_64\"]", requirements.path("Architectures").toString());
        assertEquals("[\"c7i.large\",\"m7i.large\"]", requirements.path("AllowedInstanceTypes").toString());
        assertEquals("x86_64", resourceWith(x86, "AWS::Lambda::Function", "Handler", ROUTE).getValue()
                .path("Properties").path("Architectures").path(0).asText());
    }

    @Test
    void badManagedInstancesSettingsAreReportedTogether() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Templates.cdk(Map.of(
                "routeCompute", "ManagedInstances", "architecture", "x86_64", "routeMaxConcurrency", "0", "routeMaxVCpuCount", "8")));
        String message = missing.getMessage();
        assertTrue(message.contains("routeSubnetIds: routeCompute ManagedInstances needs the subnets"), message);
        assertTrue(message.contains("routeSecurityGroupIds: routeCompute ManagedInstances needs the security groups"), message);
        // The default instance types are Graviton, which an x86_64 function cannot run on.
        assertTrue(message.contains("routeInstanceTypes: [c7g.large, c7g.xlarge, m7g.large, m7g.xlarge] are not x86_64 instance types"), message);
        assertTrue(message.contains("routeMaxConcurrency: must be 1 to 1600, got 0"), message);
        assertTrue(message.contains("routeMaxVCpuCount: must be 12 to 15000, got 8"), message);

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Templates.cdk(Map.of(
                "routeCompute", "Fargate", "routeMaxVCpuCount", "many")));
        assertTrue(unknown.getMessage().contains("routeCompute: must be one of [OnDemand, ManagedInstances], got Fargate"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("routeMaxVCpuCount: must be a whole number, got many"), unknown.getMessage());
        // On demand the Managed Instances settings are not used, so they are not checked.
        Templates.cdk(Map.of("routeMaxConcurrency", "0"));
    }

    /** Anyone may call the URL, and through it only the alias: $LATEST and the pollers stay private. */
    @Test
    void theOnlyPublicInvocationIsTheAliasThroughItsUrl() {
        String aliasId = only(json, "AWS::Lambda::Alias").getKey();
        Map<String, JsonNode> permissions = resources(json, "AWS::Lambda::Permission").values().stream()
                .map(permission -> permission.path("Properties"))
                .filter(properties -> properties.path("Principal").asText().equals("*"))
                .collect(Collectors.toMap(properties -> properties.path("Action").asText(), properties -> properties));
        assertEquals(Set.of("lambda:InvokeFunctionUrl", "lambda:InvokeFunction"), permissions.keySet());
        permissions.values().forEach(permission -> assertEquals(aliasId, referencedId(permission.path("FunctionName")), permission.toString()));
        assertEquals("NONE", permissions.get("lambda:InvokeFunctionUrl").path("FunctionUrlAuthType").asText());
        assertTrue(permissions.get("lambda:InvokeFunction").path("InvokedViaFunctionUrl").asBoolean(),
                "a direct Invoke by anyone is not allowed, only one through the URL");
    }

    /** Browsers may call the API from any page and read the routing decision the answers carry. */
    @Test
    void corsLetsBrowsersCallTheApiAndReadTheRoutingHeaders() {
        JsonNode cors = only(json, "AWS::Lambda::Url").getValue().path("Properties").path("Cors");
        assertEquals(List.of("*"), texts(cors.path("AllowOrigins")));
        assertEquals(Set.of("GET", "POST"), Set.copyOf(texts(cors.path("AllowMethods"))));
        assertEquals(Set.of("authorization", "content-type", "x-router-cache", "cache-control"),
                Set.copyOf(texts(cors.path("AllowHeaders"))), "a browser client may opt in or out of the response cache");
        assertEquals(RouterHeaders.set(), Set.copyOf(texts(cors.path("ExposeHeaders"))));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new java.util.ArrayList<>();
        array.forEach(value -> texts.add(value.asText()));
        return texts;
    }

    @Test
    void onlyTheRouteFunctionStartsTheStreamingRuntimeAndItsBudgetEndsBeforeTheTimeout() {
        JsonNode env = function(ROUTE).path("Environment").path("Variables");
        assertEquals("/var/task/bin/stream-runtime", env.path("AWS_LAMBDA_EXEC_WRAPPER").asText());
        int budget = Integer.parseInt(env.path("FORWARD_STREAM_BUDGET").asText().replaceFirst("s$", ""));
        int timeout = function(ROUTE).path("Timeout").asInt();
        assertTrue(budget < timeout, budget + "s budget, " + timeout + "s timeout: a stream must end before Lambda stops it");
        for (String handler : List.of(HEALTH_POLLER, COST_REFRESH)) {
            JsonNode pollerEnv = function(handler).path("Environment").path("Variables");
            assertTrue(pollerEnv.path("AWS_LAMBDA_EXEC_WRAPPER").isMissingNode(), handler + " is not invoked in streaming mode");
            assertTrue(pollerEnv.path("FORWARD_STREAM_BUDGET").isMissingNode(), handler);
        }
    }

    @Test
    void noApiGatewayIsLeft() {
        json.path("Resources").properties().forEach(resource -> assertFalse(
                resource.getValue().path("Type").asText().startsWith("AWS::ApiGateway"), resource.getKey()));
    }

    @Test
    void logsAreKeptThirtyDaysInEachFunctionsOwnGroup() {
        var logGroups = resources(json, "AWS::Logs::LogGroup");
        assertEquals(4, logGroups.size());
        logGroups.values().forEach(group -> assertEquals(30, group.path("Properties").path("RetentionInDays").asInt()));
        Set<String> used = new HashSet<>();
        for (String handler : List.of(ROUTE, HEALTH_POLLER, COST_REFRESH, BATCH_RUNNER)) {
            String group = referencedId(function(handler).path("LoggingConfig").path("LogGroup"));
            assertTrue(logGroups.containsKey(group), handler + " logs to " + group);
            used.add(group);
        }
        assertEquals(4, used.size(), "one group per function");
    }

    @Test
    void everyFunctionMayOnlyTouchTheTableTheConfigAndTheCredentials() {
        var policy = only(json, "AWS::IAM::ManagedPolicy");
        JsonNode document = policy.getValue().path("Properties").path("PolicyDocument");
        assertEquals(Map.of(
                "RoutingState", Set.of("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                "RouterConfig", Set.of("ssm:GetParameter"),
                "CredentialParameters", Set.of("ssm:GetParameter"),
                "CredentialSecrets", Set.of("secretsmanager:GetSecretValue")), actionsBySid(document));

        String tableId = only(json, "AWS::DynamoDB::Table").getKey();
        for (JsonNode statement : document.path("Statement")) {
            String resource = statement.path("Resource").toString();
            switch (statement.path("Sid").asText()) {
                case "RoutingState" -> assertEquals(tableId, referencedId(statement.path("Resource")));
                case "RouterConfig" -> assertTrue(resource.contains(":parameter/llm-router/config\""), resource);
                case "CredentialParameters" -> assertTrue(resource.contains(":parameter/llm-router/*\""), resource);
                case "CredentialSecrets" -> assertTrue(resource.contains(":secret:llm-router/*\""), resource);
                default -> throw new AssertionError("unexpected statement " + statement);
            }
        }

        // Each role: the basic execution role for logs, the shared policy, nothing else.
        String policyId = policy.getKey();
        var roles = resources(json, "AWS::IAM::Role");
        assertEquals(4, roles.size());
        roles.forEach((id, role) -> {
            JsonNode managed = role.path("Properties").path("ManagedPolicyArns");
            assertEquals(2, managed.size(), id);
            assertTrue(managed.toString().contains("service-role/AWSLambdaBasicExecutionRole"), id);
            assertTrue(managed.toString().contains("{\"Ref\":\"" + policyId + "\"}"), id);
        });
    }

    @Test
    void onlyTheHealthPollerMayPublishEventsAndOnlyToItsBus() {
        String pollerRole = referencedId(function(HEALTH_POLLER).path("Role"));
        String busId = only(json, "AWS::Events::EventBus").getKey();
        String bucketId = only(json, "AWS::S3::Bucket").getKey();
        String tableId = only(json, "AWS::DynamoDB::Table").getKey();
        Map<String, List<String>> batchSids = Map.of(referencedId(function(ROUTE).path("Role")), List.of("BatchFiles"),
                referencedId(function(BATCH_RUNNER).path("Role")), List.of("BatchFiles", "BatchItems"));
        resources(json, "AWS::IAM::Policy").forEach((id, policy) -> {
            JsonNode statements = policy.path("Properties").path("PolicyDocument").path("Statement");
            String role = referencedId(policy.path("Properties").path("Roles").path(0));
            if (batchSids.containsKey(role)) {
                // The batch files of this stack's bucket, objects only; and the batch items' writes to its table.
                List<String> sids = new java.util.ArrayList<>();
                statements.forEach(statement -> {
                    sids.add(statement.path("Sid").asText());
                    String resource = statement.path("Resource").toString();
                    if (statement.path("Sid").asText().equals("BatchFiles")) {
                        assertEquals(Set.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"), actions(statement), id);
                        assertTrue(resource.contains(bucketId) && resource.contains("/*"), resource);
                    } else {
                        assertEquals(Set.of("dynamodb:BatchWriteItem"), actions(statement), id);
                        assertEquals(tableId, referencedId(statement.path("Resource")));
                    }
                });
                assertEquals(batchSids.get(role), sids, id);
                return;
            }
            boolean poller = pollerRole.equals(role);
            List<String> sids = new java.util.ArrayList<>();
            statements.forEach(statement -> {
                sids.add(statement.path("Sid").asText());
                if (actions(statement).contains("events:PutEvents")) {
                    assertTrue(poller, id + " may not publish events");
                    assertEquals(busId, referencedId(statement.path("Resource")));
                }
            });
            assertEquals(poller ? List.of("HealthEvents", "GaugeMetrics") : List.of("NodePrices", "GaugeMetrics"), sids, id);
        });
        assertEquals(4, resources(json, "AWS::IAM::Policy").size(), "the pollers', the route function's and the batch runner's own");
    }

    /** PutMetricData takes no resource; the pollers may publish only into the router's namespace. */
    @Test
    void gaugesMayOnlyGoToTheRoutersNamespace() {
        resources(json, "AWS::IAM::Policy").forEach((id, policy) -> {
            for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
                if (actions(statement).contains("cloudwatch:PutMetricData")) {
                    assertEquals(Set.of("cloudwatch:PutMetricData"), actions(statement), id);
                    assertEquals("LlmRouter", statement.path("Condition").path("StringEquals")
                            .path("cloudwatch:namespace").asText(), id);
                }
            }
        });
    }

    @Test
    void noStatementGrantsAWildcardActionOrResource() {
        for (String type : List.of("AWS::IAM::ManagedPolicy", "AWS::IAM::Policy")) {
            resources(json, type).forEach((id, policy) -> {
                for (JsonNode statement : policy.path("Properties").path("PolicyDocument").path("Statement")) {
                    actions(statement).forEach(action -> assertFalse(action.contains("*"), id + ": " + action));
                    // PutMetricData has no resource type: its statement is bounded by a namespace condition instead.
                    // The Price List's GetProducts has none either, and reads only public prices.
                    if (!actions(statement).equals(Set.of("cloudwatch:PutMetricData"))
                            && !actions(statement).equals(Set.of("pricing:GetProducts"))) {
                        assertFalse("*".equals(statement.path("Resource").asText()), id + ": Resource *");
                    }
                }
            });
        }
    }

    @Test
    void aCustomConfigKeyIsTheOnlyKeyTheFunctionsMayDecryptWith() {
        String key = "arn:aws:kms:eu-west-1:123456789012:key/0b7c4d2e-1111-2222-3333-444455556666";
        Template withKey = Templates.cdk(Map.of("configKmsKeyArn", key));
        withKey.hasResourceProperties("AWS::IAM::ManagedPolicy", Map.of("PolicyDocument", Map.of("Statement",
                Match.arrayWith(List.of(Map.of("Sid", "RouterConfigKey", "Effect", "Allow", "Action", "kms:Decrypt", "Resource", key))))));
        assertFalse(json.toString().contains("kms:"), "no KMS grant without a custom key");
    }

    @Test
    void runtimeArchitectureAndConfigNameComeFromContext() {
        JsonNode custom = Templates.json(Templates.cdk(Map.of(
                "runtime", "java25", "architecture", "x86_64", "configParameterName", "/team-a/router")));
        resources(custom, "AWS::Lambda::Function").values().forEach(function -> {
            JsonNode properties = function.path("Properties");
            assertEquals("java25", properties.path("Runtime").asText());
            assertEquals("x86_64", properties.path("Architectures").path(0).asText());
            assertEquals("ssm:/team-a/router", properties.path("Environment").path("Variables").path("ROUTER_CONFIG").asText());
        });
        assertTrue(custom.toString().contains(":parameter/team-a/router\""), "the grant follows the parameter");
    }

    @Test
    void theDefaultStackSynthesizesWithoutWarnings() {
        Annotations.fromStack(stack).hasNoWarning("*", Match.anyValue());
    }

    /** pollRounds was a setting until the poller learned to poll for the whole minute; an old cdk.json must still deploy. */
    @Test
    void aRetiredPollRoundsValueIsIgnoredWithAWarning() {
        LlmRouterStack old = Templates.cdkStack(Map.of("pollRounds", "0"));
        JsonNode env = resourceWith(Templates.json(Template.fromStack(old)), "AWS::Lambda::Function", "Handler", HEALTH_POLLER)
                .getValue().path("Properties").path("Environment").path("Variables");
        assertEquals("60s", env.path("POLL_SCHEDULE").asText());
        assertTrue(env.path("POLL_ROUNDS").isMissingNode(), env.toString());
        Annotations.fromStack(old).hasWarning("/LlmRouterTest", Match.stringLikeRegexp(
                "pollRounds is no longer used: the health-poller polls every router\\.healthCheckInterval for the whole minute"));
    }

    @Test
    void badSettingsAreReportedTogetherWithWhatToDo() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Templates.cdk(Map.of(
                "runtime", "java17", "architecture", "ppc64", "routeZip", "/nonexistent/route.zip",
                "configParameterName", "llm-router/config", "hourlyBudgetUsd", "-1",
                "alarmEmail", "ops.example.com")));
        String message = error.getMessage();
        assertTrue(message.contains("runtime: must be one of"), message);
        assertTrue(message.contains("architecture: must be one of"), message);
        assertTrue(message.contains("routeZip: no Lambda zip at /nonexistent/route.zip"), message);
        assertTrue(message.contains("mvn package"), message);
        assertTrue(message.contains("configParameterName: must be a full SSM path"), message);
        assertTrue(message.contains("hourlyBudgetUsd: must be a number of dollars, 0 or more, got -1.0"), message);
        assertTrue(message.contains("alarmEmail: must be an email address, got ops.example.com"), message);
    }

    @Test
    void outputsNameTheApiTheTableAndTheBus() {
        JsonNode outputs = json.path("Outputs");
        String urlId = only(json, "AWS::Lambda::Url").getKey();
        assertEquals("{\"Fn::GetAtt\":[\"" + urlId + "\",\"FunctionUrl\"]}", outputs.path("ApiUrl").path("Value").toString());
        assertNotNull(referencedId(outputs.path("StateTableName").path("Value")));
        assertEquals(only(json, "AWS::Events::EventBus").getKey(),
                referencedId(outputs.path("EventBusName").path("Value")));
        String dashboardId = only(json, "AWS::CloudWatch::Dashboard").getKey();
        assertTrue(outputs.path("DashboardUrl").path("Value").toString().contains("{\"Ref\":\"" + dashboardId + "\"}"));
    }

    @Test
    void theCostDashboardChartsTheContractsMetricsAndQueriesTheRouteLogs() {
        JsonNode dashboard = only(json, "AWS::CloudWatch::Dashboard").getValue().path("Properties");
        assertEquals("LlmRouterTest-costs", dashboard.path("DashboardName").asText());
        Observability.assertCostDashboard(Observability.dashboardBody(json));

        // The one variable besides ${AWS::Region}: the group the route function writes its "request" lines to.
        JsonNode variables = dashboard.path("DashboardBody").path("Fn::Sub").path(1);
        Set<String> names = new HashSet<>();
        variables.fieldNames().forEachRemaining(names::add);
        assertEquals(Set.of("RouteLogGroup"), names);
        assertEquals(referencedId(function(ROUTE).path("LoggingConfig").path("LogGroup")),
                referencedId(variables.path("RouteLogGroup")));
    }

    @Test
    void theAlarmsFollowTheContractAndNotifyNobodyWithoutAnEmail() {
        Observability.assertAlarms(Observability.alarmsByMetric(json), DoubleNode.valueOf(DeploymentSettings.DEFAULT_HOURLY_BUDGET_USD));
        resources(json, "AWS::CloudWatch::Alarm").values().forEach(alarm -> {
            JsonNode properties = alarm.path("Properties");
            assertTrue(properties.path("AlarmName").asText().startsWith("LlmRouterTest-"), properties.path("AlarmName").asText());
            assertTrue(properties.path("AlarmActions").isMissingNode(), "no topic to notify");
        });
        template.resourceCountIs("AWS::SNS::Topic", 0);
    }

    @Test
    void theBudgetAndTheAlarmEmailComeFromContext() {
        JsonNode custom = Templates.json(Templates.cdk(Map.of("hourlyBudgetUsd", "25.5", "alarmEmail", "ops@example.com")));
        Map<String, JsonNode> alarms = Observability.alarmsByMetric(custom);
        assertEquals(25.5, alarms.get("CostUSD").path("Threshold").asDouble());
        assertEquals(5.0, alarms.get("BreakerOpens").path("Threshold").asDouble(), "the other thresholds are fixed");

        String topicId = only(custom, "AWS::SNS::Topic").getKey();
        JsonNode subscription = only(custom, "AWS::SNS::Subscription").getValue().path("Properties");
        assertEquals("email", subscription.path("Protocol").asText());
        assertEquals("ops@example.com", subscription.path("Endpoint").asText());
        assertEquals(topicId, referencedId(subscription.path("TopicArn")));
        alarms.forEach((metric, alarm) -> {
            assertEquals(1, alarm.path("AlarmActions").size(), metric);
            assertEquals(topicId, referencedId(alarm.path("AlarmActions").path(0)), metric);
        });
    }

    @Test
    void withoutARouterConfigThereIsNoTeamBudgetAlarm() {
        assertEquals(Map.of(), Observability.teamBudgetAlarms(json));
    }

    @Test
    void eachTeamWithAnAlarmAtInTheRouterConfigGetsItsAlarmNotifyingTheEmailTopic(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                externalProviders:
                  - {name: openai, type: openai, apiKey: "${OPENAI_API_KEY}"}
                limits:
                  teams:
                    research: {usd: 300, period: month, alarmAt: 0.9}
                    platform: {usd: 50, period: day, alarmAt: 0.75}
                    interns: {usd: 5, period: day}
                """);
        JsonNode custom = Templates.json(Templates.cdk(Map.of("routerConfig", config.toString(),
                "alarmEmail", "ops@example.com")));

        Map<String, JsonNode> byTeam = new java.util.TreeMap<>();
        Observability.teamBudgetAlarms(custom).values().forEach(alarm -> byTeam.put(alarm.path("Dimensions").path(1)
                .path("Value").asText(), alarm));
        assertEquals(Set.of("research", "platform"), byTeam.keySet(), "interns has no alarmAt");
        Observability.assertTeamBudgetAlarm(byTeam.get("research"), TextNode.valueOf("research"), DoubleNode.valueOf(0.9));
        Observability.assertTeamBudgetAlarm(byTeam.get("platform"), TextNode.valueOf("platform"), DoubleNode.valueOf(0.75));
        assertEquals("LlmRouterTest-team-budget-research", byTeam.get("research").path("AlarmName").asText());
        String topicId = only(custom, "AWS::SNS::Topic").getKey();
        byTeam.values().forEach(alarm -> assertEquals(topicId, referencedId(alarm.path("AlarmActions").path(0))));
        Observability.assertAlarms(Observability.alarmsByMetric(custom), DoubleNode.valueOf(DeploymentSettings.DEFAULT_HOURLY_BUDGET_USD));
    }

    @Test
    void teamBudgetAlarmsNotifyAnExistingTopicWhenOneIsGiven(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("router.yaml"), "limits: {teams: {research: {usd: 300, period: month, alarmAt: 0.9}}}\n");
        String finops = "arn:aws:sns:eu-west-1:123456789012:finops";
        JsonNode custom = Templates.json(Templates.cdk(Map.of("routerConfig", config.toString(), "teamAlarmTopicArn", finops)));

        JsonNode alarm = Observability.teamBudgetAlarms(custom).values().iterator().next();
        assertEquals("[\"" + finops + "\"]", alarm.path("AlarmActions").toString());
        assertEquals(0, resources(custom, "AWS::SNS::Topic").size(), "the topic is used, not created");
        Observability.alarmsByMetric(custom).values().forEach(other ->
                assertTrue(other.path("AlarmActions").isMissingNode(), "the other alarms notify the email topic only"));
    }

    @Test
    void aBadTeamAlarmSettingIsReportedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("router.yaml"), "limits: {teams: {research: {usd: 300, period: month, alarmAt: 90}}}\n");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Templates.cdk(Map.of(
                "routerConfig", config.toString(), "teamAlarmTopicArn", "finops")));
        assertTrue(refused.getMessage().contains("limits.teams.research.alarmAt: must be more than 0 and at most 1, got 90"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("teamAlarmTopicArn: must be an SNS topic ARN, got finops"), refused.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> Templates.cdk(Map.of(
                "routerConfig", dir.resolve("nowhere.yaml").toString())));
        assertTrue(missing.getMessage().contains("routerConfig: cannot read a router config at"), missing.getMessage());
    }
}
