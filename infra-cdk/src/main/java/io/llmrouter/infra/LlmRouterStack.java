package io.llmrouter.infra;

import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.CfnDashboard;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.ISubnet;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.Subnet;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.CapacityProvider;
import software.amazon.awscdk.services.lambda.CapacityProviderFunctionOptions;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.FunctionUrl;
import software.amazon.awscdk.services.lambda.FunctionUrlAuthType;
import software.amazon.awscdk.services.lambda.FunctionUrlCorsOptions;
import software.amazon.awscdk.services.lambda.FunctionUrlOptions;
import software.amazon.awscdk.services.lambda.HttpMethod;
import software.amazon.awscdk.services.lambda.InstanceTypeFilter;
import software.amazon.awscdk.services.lambda.InvokeMode;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.ScalingOptions;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The llm-router stack, resource for resource the one {@code template.yaml} describes for SAM: the routing
 * state table, the health event bus, the route function behind its streaming function URL, the two
 * scheduled pollers, the scheduled batch runner and the bucket of its files, plus the cost dashboard and the alarms
 * of docs/metrics.md. Every function gets only the
 * permissions it uses, scoped to this stack's table, bus and config.
 */
public final class LlmRouterStack extends Stack {

    /** The CloudWatch namespace of every llm-router metric (docs/metrics.md). */
    public static final String METRICS_NAMESPACE = "LlmRouter";

    /** The spent share of a team's budget, 0 to 1 and beyond, that the route function publishes per Team. */
    public static final String TEAM_BUDGET_METRIC = "TeamBudgetSpent";

    /**
     * The cost dashboard's body, shared with template.yaml (which holds a copy, checked by StackParityTest).
     * It is an Fn::Sub template: {@code ${AWS::Region}} and {@code ${RouteLogGroup}} are filled in at deploy time.
     */
    public static final String DASHBOARD_RESOURCE = "/dashboards/costs.json";

    /**
     * A stream may last Lambda's full 15 minutes; an answer that is not streamed still gives up after the router's
     * own 27 s forwarding budget (forward.total-budget), so it bills no longer than before.
     */
    static final Duration ROUTE_TIMEOUT = Duration.minutes(15);

    /** What the router leaves of the timeout to end a stream cleanly; the rest is FORWARD_STREAM_BUDGET. */
    static final Duration STREAM_END_MARGIN = Duration.seconds(30);

    /** The route function's logical id on Managed Instances, template.yaml's; on demand the CDK names it as before. */
    static final String MANAGED_ROUTE_FUNCTION_ID = "RouteManagedFunction";

    /** The zip's Runtime API loop that speaks the streaming response mode the function URL invokes. */
    static final String STREAM_RUNTIME = "/var/task/bin/stream-runtime";

    /** The headers of the routing decision, which browser clients may read (CORS). */
    static final List<String> ROUTER_HEADERS = List.of(
            "x-router-target", "x-router-reason", "x-router-attempts", "x-router-cost-usd", "x-router-savings-usd",
            "x-router-dropped-params", "x-router-cache");

    /**
     * The health-poller's EventBridge rate. The function is told the same period (POLL_SCHEDULE) and polls every
     * router.healthCheckInterval for all of it, so the rule and the variable come from this one value.
     */
    static final Duration HEALTH_POLL_SCHEDULE = Duration.minutes(1);

    /**
     * Context keys earlier versions read and this one ignores, with why. A deployment that still sets one
     * synthesizes as before, with a warning to drop it.
     */
    static final Map<String, String> RETIRED_CONTEXT = Map.of(
            "pollRounds", "pollRounds is no longer used: the health-poller polls every router.healthCheckInterval "
                    + "for the whole minute between its invocations; remove it from -c or cdk.json");

    private final DeploymentSettings settings;
    private final Table stateTable;
    private final EventBus eventBus;
    private final ManagedPolicy routerAccess;
    private final Function routeFunction;
    private final Function healthPollerFunction;
    private final Function costRefreshFunction;
    private final Bucket batchBucket;
    private final Function batchRunnerFunction;
    private final FunctionUrl routeUrl;
    /** The instances of the route function on Managed Instances; null on demand. */
    private final CapacityProvider routeCapacityProvider;
    private final CfnDashboard dashboard;

    public LlmRouterStack(Construct scope, String id, StackProps props, DeploymentSettings settings) {
        super(scope, id, props);
        this.settings = settings;
        RETIRED_CONTEXT.forEach((key, why) -> {
            if (getNode().tryGetContext(key) != null) {
                Annotations.of(this).addWarningV2("llm-router:retiredContext:" + key, why);
            }
        });

        // Everything in the table is rebuilt by the pollers within minutes, so it goes with the stack.
        stateTable = Table.Builder.create(this, "StateTable")
                .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
                .sortKey(Attribute.builder().name("sk").type(AttributeType.STRING).build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .timeToLiveAttribute("ttl")
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        eventBus = EventBus.Builder.create(this, "EventBus").eventBusName(settings.eventBusName()).build();
        routerAccess = routerAccessPolicy();
        batchBucket = createBatchBucket();

        Map<String, String> routeEnvironment = new LinkedHashMap<>();
        routeEnvironment.put("AWS_LAMBDA_EXEC_WRAPPER", STREAM_RUNTIME);
        // forward.stream-budget: the timeout less room to end a stream cleanly.
        routeEnvironment.put("FORWARD_STREAM_BUDGET",
                (ROUTE_TIMEOUT.toSeconds().intValue() - STREAM_END_MARGIN.toSeconds().intValue()) + "s");
        // The Files and Batch endpoints keep their files here.
        routeEnvironment.put("BATCH_BUCKET", batchBucket.getBucketName());
        RouteCompute compute = settings.routeCompute();
        routeFunction = function("RouteFunction", "Routes OpenAI-style requests to the cheapest healthy cluster or provider.",
                settings.routeZip(), "io.llmrouter.route.RouteHandler", "route",
                compute.onManagedInstances() ? RouteCompute.MEMORY_MIB : 1024, ROUTE_TIMEOUT, routeEnvironment,
                builder -> {
                    // SnapStart restores published versions from a snapshot; the function URL serves the alias, never
                    // $LATEST. It does not apply to Managed Instances, whose environments start on the instances and
                    // keep running rather than being restored from a snapshot.
                    if (!compute.onManagedInstances()) {
                        builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
                    }
                });
        if (compute.onManagedInstances()) {
            // AWS fixes a function's compute type when the function is created. Another logical id makes switching
            // routeCompute replace the function, as template.yaml's second declaration does, instead of failing an update.
            ((CfnFunction) routeFunction.getNode().getDefaultChild()).overrideLogicalId(MANAGED_ROUTE_FUNCTION_ID);
            routeCapacityProvider = routeCapacityProvider(compute);
            routeCapacityProvider.addFunction(routeFunction, CapacityProviderFunctionOptions.builder()
                    .executionEnvironmentMemoryGiBPerVCpu(RouteCompute.MEMORY_GIB_PER_VCPU)
                    // Requests in flight per execution environment; the handler must be thread-safe (docs/thread-safety.md).
                    .perExecutionEnvironmentMaxConcurrency(compute.maxConcurrency())
                    .build());
        } else {
            routeCapacityProvider = null;
        }
        // Managed Instances run published versions too, so the URL serves the same alias in either mode.
        routeUrl = routeUrl(routeFunction.addAlias("live"));
        routeFunction.addToRolePolicy(batchFiles());
        Annotations.of(routeFunction).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "the live alias publishes a version on every code or configuration change");

        healthPollerFunction = function("HealthPollerFunction", "Probes every cluster, records its health and publishes health transitions.",
                settings.healthPollerZip(), "io.llmrouter.poller.HealthPollerHandler", "health-poller", 512,
                // Rounds run for the whole minute, every router.healthCheckInterval; the last starts before the next
                // invocation and ends within its 7 s round deadline, so an invocation lasts about a minute.
                Duration.seconds(75),
                Map.of("EVENT_BUS_NAME", eventBus.getEventBusName(),
                        "POLL_SCHEDULE", HEALTH_POLL_SCHEDULE.toSeconds().intValue() + "s"),
                builder -> { });
        healthPollerFunction.addToRolePolicy(PolicyStatement.Builder.create()
                .sid("HealthEvents")
                .actions(List.of("events:PutEvents"))
                .resources(List.of(eventBus.getEventBusArn()))
                .build());
        healthPollerFunction.addToRolePolicy(gaugeMetrics());
        schedule("HealthPollerSchedule", healthPollerFunction, HEALTH_POLL_SCHEDULE);

        costRefreshFunction = function("CostRefreshFunction", "Prices every cluster and provider from live throughput and price feeds.",
                settings.costRefreshZip(), "io.llmrouter.refresh.CostRefreshHandler", "cost-refresh", 512,
                // Each price feed times out after 10 s by default; a few of them plus the writes fit well within this.
                Duration.seconds(60), Map.of(), builder -> { });
        costRefreshFunction.addToRolePolicy(nodePrices());
        costRefreshFunction.addToRolePolicy(gaugeMetrics());
        schedule("CostRefreshSchedule", costRefreshFunction, Duration.minutes(5));

        batchRunnerFunction = function("BatchRunnerFunction",
                "Runs batch requests in idle cluster slots, and on the cheapest target as a batch's window runs down.",
                settings.batchRunnerZip(), "io.llmrouter.batchrunner.BatchRunnerHandler", "batch-runner", 1024,
                // Waves start for BATCH_PASS; the last one's requests end within the 27 s forwarding budget.
                Duration.seconds(90),
                Map.of("BATCH_BUCKET", batchBucket.getBucketName(), "BATCH_PASS", "45s"),
                builder -> { });
        batchRunnerFunction.addToRolePolicy(batchFiles());
        // A batch's items are written 25 at a time when its input file is read.
        batchRunnerFunction.addToRolePolicy(statement("BatchItems", List.of("dynamodb:BatchWriteItem"),
                stateTable.getTableArn()));
        schedule("BatchRunnerSchedule", batchRunnerFunction, Duration.minutes(1));

        dashboard = costDashboard();
        alarms();

        output("ApiUrl", "Base URL of the OpenAI-compatible API, the route function's URL (append v1/chat/completions).",
                routeUrl.getUrl());
        output("StateTableName", "DynamoDB table of the routing state (env STATE_TABLE of every function).", stateTable.getTableName());
        output("EventBusName", "Event bus receiving \"Cluster Health Changed\" events.", eventBus.getEventBusName());
        output("BatchBucketName", "S3 bucket of the batch input, output and error files (env BATCH_BUCKET of the route and "
                + "batch-runner functions).", batchBucket.getBucketName());
        output("DashboardUrl", "The cost dashboard (spend, savings, $/1K, decisions, health, latency, errors) in the CloudWatch console.",
                "https://console.aws.amazon.com/cloudwatch/home?region=" + getRegion() + "#dashboards/dashboard/" + dashboard.getRef());
    }

    public Table stateTable() {
        return stateTable;
    }

    public EventBus eventBus() {
        return eventBus;
    }

    public Function routeFunction() {
        return routeFunction;
    }

    /** The capacity provider of the route function on Managed Instances; null when it runs on demand. */
    public CapacityProvider routeCapacityProvider() {
        return routeCapacityProvider;
    }

    /**
     * The EC2 instances of the route function on Managed Instances, in the given subnets and security groups, of the
     * functions' architecture and the given instance types, scaled by Lambda up to the vCPU cap. The construct makes
     * the operator role Lambda assumes to launch and stop them.
     */
    private CapacityProvider routeCapacityProvider(RouteCompute compute) {
        List<ISubnet> subnets = new ArrayList<>();
        for (String id : compute.subnetIds()) {
            ISubnet subnet = Subnet.fromSubnetId(this, "RouteSubnet-" + id, id);
            Annotations.of(subnet).acknowledgeWarning("@aws-cdk/aws-ec2:noSubnetRouteTableId",
                    "the capacity provider takes the subnet's id only; its route table is not read");
            subnets.add(subnet);
        }
        List<ISecurityGroup> securityGroups = new ArrayList<>();
        for (String id : compute.securityGroupIds()) {
            securityGroups.add(SecurityGroup.fromSecurityGroupId(this, "RouteSecurityGroup-" + id, id));
        }
        return CapacityProvider.Builder.create(this, "RouteCapacityProvider")
                .subnets(subnets)
                .securityGroups(securityGroups)
                .architectures(List.of(lambdaArchitecture()))
                .instanceTypeFilter(InstanceTypeFilter.allow(compute.instanceTypes().stream().map(InstanceType::new).toList()))
                .maxVCpuCount(compute.maxVCpuCount())
                .scalingOptions(ScalingOptions.auto())
                .build();
    }

    private Architecture lambdaArchitecture() {
        return "x86_64".equals(settings.architecture()) ? Architecture.X86_64 : Architecture.ARM_64;
    }

    public Function healthPollerFunction() {
        return healthPollerFunction;
    }

    public Function costRefreshFunction() {
        return costRefreshFunction;
    }

    public Function batchRunnerFunction() {
        return batchRunnerFunction;
    }

    public Bucket batchBucket() {
        return batchBucket;
    }

    /**
     * Batch input, output and error files (the Files API). Kept when the stack goes, like the logs: they are the users'
     * data. Private, encrypted, and gone 30 days after they were written.
     */
    private Bucket createBatchBucket() {
        return Bucket.Builder.create(this, "BatchBucket")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .lifecycleRules(List.of(LifecycleRule.builder().id("expire-batch-files").expiration(Duration.days(30)).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    /**
     * The route function and the batch runner read, write and delete ({@code DELETE /v1/files/{id}}) the batch files,
     * and nothing else of S3.
     */
    private PolicyStatement batchFiles() {
        return statement("BatchFiles", List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                batchBucket.arnForObjects("*"));
    }

    public FunctionUrl routeUrl() {
        return routeUrl;
    }

    public CfnDashboard dashboard() {
        return dashboard;
    }

    /**
     * What every function needs: read the routing state and write records (conditional puts and updates
     * only: no Scan, no Delete), read the router config and the credentials it references.
     */
    private ManagedPolicy routerAccessPolicy() {
        String parameterArnPrefix = "arn:" + getPartition() + ":ssm:" + getRegion() + ":" + getAccount() + ":parameter";
        List<PolicyStatement> statements = new ArrayList<>(List.of(
                statement("RoutingState", List.of("dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem"),
                        stateTable.getTableArn()),
                statement("RouterConfig", List.of("ssm:GetParameter"), parameterArnPrefix + settings.configParameterName()),
                // Provider and cluster credentials live under one prefix, so adding a provider needs no IAM change.
                statement("CredentialParameters", List.of("ssm:GetParameter"), parameterArnPrefix + "/llm-router/*"),
                statement("CredentialSecrets", List.of("secretsmanager:GetSecretValue"),
                        "arn:" + getPartition() + ":secretsmanager:" + getRegion() + ":" + getAccount() + ":secret:llm-router/*")));
        // The default aws/ssm key needs no grant: its key policy lets SSM decrypt on the caller's behalf.
        if (settings.configKmsKeyArn() != null) {
            statements.add(statement("RouterConfigKey", List.of("kms:Decrypt"), settings.configKmsKeyArn()));
        }
        return ManagedPolicy.Builder.create(this, "RouterAccessPolicy")
                .description("llm-router functions read and conditionally write the routing state, and read their config and secrets.")
                .statements(statements)
                .build();
    }

    /**
     * The pollers publish their gauges with PutMetricData, which takes no resource: the condition keeps
     * them to the router's namespace.
     */
    private static PolicyStatement gaugeMetrics() {
        return PolicyStatement.Builder.create()
                .sid("GaugeMetrics")
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Map.of("StringEquals", Map.of("cloudwatch:namespace", "LlmRouter")))
                .build();
    }

    /**
     * cost-refresh looks up the node price of clusters without costPerHour in the AWS Price List Query API,
     * which has no resource-level permissions.
     */
    private static PolicyStatement nodePrices() {
        return PolicyStatement.Builder.create()
                .sid("NodePrices")
                .actions(List.of("pricing:GetProducts"))
                .resources(List.of("*"))
                .build();
    }

    private static PolicyStatement statement(String sid, List<String> actions, String resource) {
        return PolicyStatement.Builder.create().sid(sid).actions(actions).resources(List.of(resource)).build();
    }

    private Function function(String id, String description, Path zip, String handler, String serviceName,
                              int memoryMiB, Duration timeout, Map<String, String> extraEnvironment,
                              Consumer<Function.Builder> customize) {
        LogGroup logs = LogGroup.Builder.create(this, id.replace("Function", "LogGroup"))
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("STATE_TABLE", stateTable.getTableName());
        environment.put("ROUTER_CONFIG", "ssm:" + settings.configParameterName());
        environment.put("POWERTOOLS_SERVICE_NAME", serviceName);
        environment.put("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        // C1 only: a short-lived function gains more from a fast start than from C2's peak speed.
        environment.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        environment.putAll(extraEnvironment);

        Function.Builder builder = Function.Builder.create(this, id)
                .description(description)
                .code(Code.fromAsset(zip.toString()))
                .handler(handler)
                .runtime("java25".equals(settings.runtime()) ? Runtime.JAVA_25 : Runtime.JAVA_21)
                .architecture(lambdaArchitecture())
                .memorySize(memoryMiB)
                .timeout(timeout)
                .logGroup(logs)
                .environment(environment);
        customize.accept(builder);
        Function function = builder.build();
        function.getRole().addManagedPolicy(routerAccess);
        return function;
    }

    /**
     * A function URL, not API Gateway: it streams answers as they are generated (the HTTP API buffers them, 30 s and
     * 6 MB at most), sends the same payload 2.0 event, and costs nothing per request. AuthType NONE as the HTTP API
     * had no authorizer: the function checks the router's client keys itself.
     */
    private FunctionUrl routeUrl(Alias routeAlias) {
        return routeAlias.addFunctionUrl(FunctionUrlOptions.builder()
                .authType(FunctionUrlAuthType.NONE)
                .invokeMode(InvokeMode.RESPONSE_STREAM)
                .cors(FunctionUrlCorsOptions.builder()
                        .allowedOrigins(List.of("*"))
                        .allowedMethods(List.of(HttpMethod.GET, HttpMethod.POST))
                        .allowedHeaders(List.of("authorization", "content-type", "x-router-cache", "cache-control"))
                        .exposedHeaders(ROUTER_HEADERS)
                        .build())
                .build());
    }

    /**
     * The one dashboard body both stacks deploy, read from the classpath rather than rebuilt with the CDK's
     * widget classes, so that template.yaml can carry the very same text.
     */
    public static String dashboardBody() {
        try (InputStream in = LlmRouterStack.class.getResourceAsStream(DASHBOARD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + DASHBOARD_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CfnDashboard costDashboard() {
        return CfnDashboard.Builder.create(this, "CostDashboard")
                .dashboardName(getStackName() + "-costs")
                // The Logs Insights widget reads the route function's own group, where its "request" lines go.
                .dashboardBody(Fn.sub(dashboardBody(), Map.of("RouteLogGroup", routeFunction.getLogGroup().getLogGroupName())))
                .build();
    }

    /**
     * The five alarms of docs/metrics.md, notifying the alarm email's topic when one is set, and the team budget
     * alarms when asked for ({@link TeamBudgets}).
     */
    private void alarms() {
        SnsAction notify = null;
        if (settings.alarmEmail() != null) {
            Topic topic = Topic.Builder.create(this, "AlarmTopic").build();
            topic.addSubscription(new EmailSubscription(settings.alarmEmail()));
            notify = new SnsAction(topic);
        }
        teamBudgetAlarms(TeamBudgets.fromContext(getNode()), notify);
        // The health-poller publishes HealthyClusters every minute; no data means it stopped, which is as bad.
        alarm("AllClustersDownAlarm", "all-clusters-down",
                "Every cluster has been down for 3 minutes; requests go to paid providers or fail.",
                metric("HealthyClusters", Map.of(), "Maximum", Duration.minutes(1)), 3,
                1, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.BREACHING, notify);
        // No requests means no spend, so missing data is fine.
        alarm("SpendOverBudgetAlarm", "spend-over-budget", "Routed spend in the last hour is above HourlyBudgetUsd.",
                metric("CostUSD", Map.of("Function", "route"), "Sum", Duration.hours(1)), 1,
                settings.hourlyBudgetUsd(), ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING, notify);
        // cost-refresh runs every 5 minutes; an hour without a cost record means routing on stale prices.
        alarm("PriceFeedStaleAlarm", "price-feed-stale",
                "cost-refresh wrote no cost record in the last hour; routing uses stale prices.",
                metric("CostRecordsWritten", Map.of("Function", "cost-refresh"), "Sum", Duration.hours(1)), 1,
                1, ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.BREACHING, notify);
        // A few opens an hour are normal failover; more means a target keeps failing and recovering.
        alarm("BreakerFlappingAlarm", "breaker-flapping",
                "More than 5 circuit breakers opened in the last hour; a target is flapping.",
                metric("BreakerOpens", Map.of("Function", "route"), "Sum", Duration.hours(1)), 1,
                5, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING, notify);
        // A failed load is retried once per snapshot refresh; failures in three minutes running mean the route
        // function has been routing on an ageing snapshot (usable up to maxSnapshotStaleness) or not at all.
        alarm("RoutingStateUnreachableAlarm", "routing-state-unreachable",
                "The route function could not load the routing state from DynamoDB for 3 minutes.",
                metric("SnapshotLoadFailures", Map.of("Function", "route"), "Sum", Duration.minutes(1)), 3,
                1, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING, notify);
    }

    /**
     * One alarm per team with an {@code alarmAt}: the route function publishes {@code TeamBudgetSpent}, the spent share
     * of the team's budget, whenever it learns the team's spend; the alarm fires when its highest value in five minutes
     * reaches {@code alarmAt}. It notifies the given topic, else the alarm email's, else nobody.
     */
    private void teamBudgetAlarms(TeamBudgets teams, SnsAction emailTopic) {
        SnsAction notify = emailTopic;
        if (teams.topicArn() != null && !teams.alarmAt().isEmpty()) {
            ITopic topic = Topic.fromTopicArn(this, "TeamBudgetAlarmTopic", teams.topicArn());
            notify = new SnsAction(topic);
        }
        int index = 0;
        for (Map.Entry<String, Double> team : new TreeMap<>(teams.alarmAt()).entrySet()) {
            String name = team.getKey();
            alarm("TeamBudgetAlarm" + index++ + name.replaceAll("[^A-Za-z0-9]", ""),
                    "team-budget-" + name.replaceAll("[^A-Za-z0-9_.-]", "_"),
                    "Team " + name + " has spent " + Math.round(team.getValue() * 100) + " % of its budget (limits.teams).",
                    metric(TEAM_BUDGET_METRIC, Map.of("Function", "route", "Team", name), "Maximum", Duration.minutes(5)), 1,
                    team.getValue(), ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING,
                    notify);
        }
    }

    private static Metric metric(String name, Map<String, String> dimensions, String statistic, Duration period) {
        return Metric.Builder.create()
                .namespace(METRICS_NAMESPACE)
                .metricName(name)
                .dimensionsMap(dimensions)
                .statistic(statistic)
                .period(period)
                .build();
    }

    private void alarm(String id, String name, String description, Metric metric, int periods, double threshold,
                       ComparisonOperator comparison, TreatMissingData missingData, SnsAction notify) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(getStackName() + "-" + name)
                .alarmDescription(description)
                .metric(metric)
                .evaluationPeriods(periods)
                .datapointsToAlarm(periods)
                .threshold(threshold)
                .comparisonOperator(comparison)
                .treatMissingData(missingData)
                .build();
        if (notify != null) {
            alarm.addAlarmAction(notify);
        }
    }

    private void schedule(String id, Function target, Duration rate) {
        Rule.Builder.create(this, id)
                .schedule(Schedule.rate(rate))
                .targets(List.of(new LambdaFunction(target)))
                .build();
    }

    private void output(String id, String description, String value) {
        CfnOutput.Builder.create(this, id).description(description).value(value).build();
    }
}
