package io.llmrouter.infra;

import software.constructs.Node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What may differ between deployments of the stack, read from CDK context ({@code cdk.json} or
 * {@code cdk synth -c key=value}). The names and defaults match the parameters of the SAM template.
 *
 * @param routeZip            the route function's Lambda zip
 * @param healthPollerZip     the health-poller function's Lambda zip
 * @param costRefreshZip      the cost-refresh function's Lambda zip
 * @param batchRunnerZip      the batch-runner function's Lambda zip
 * @param runtime             {@code java21} or {@code java25}
 * @param architecture        {@code arm64} or {@code x86_64}
 * @param configParameterName SSM parameter holding the router YAML, a full path starting with /
 * @param configKmsKeyArn     customer-managed key of a SecureString config parameter; null when none
 * @param eventBusName        the custom bus for health transition events
 * @param hourlyBudgetUsd     routed spend per hour (USD) above which the spend alarm fires
 * @param alarmEmail          address the alarms notify through an SNS topic; null for alarms without notifications
 * @param routeCompute        where the route function runs: on demand, or on Lambda Managed Instances
 */
public record DeploymentSettings(Path routeZip, Path healthPollerZip, Path costRefreshZip, Path batchRunnerZip,
                                 String runtime,
                                 String architecture, String configParameterName, String configKmsKeyArn,
                                 String eventBusName, double hourlyBudgetUsd, String alarmEmail,
                                 RouteCompute routeCompute) {

    public static final Set<String> RUNTIMES = Set.of("java21", "java25");
    public static final Set<String> ARCHITECTURES = Set.of("arm64", "x86_64");
    public static final double DEFAULT_HOURLY_BUDGET_USD = 10;
    /** The SAM template's AllowedPattern for AlarmEmail, minus the empty alternative (empty means none here). */
    public static final String EMAIL_PATTERN = "[^@\\s]+@[^@\\s]+";

    /** Relative to the working directory, which is infra-cdk/ for both `cdk synth` and the Maven tests. */
    public static final String DEFAULT_ROUTE_ZIP = "../functions/route/target/llm-router-route.zip";
    public static final String DEFAULT_HEALTH_POLLER_ZIP = "../functions/health-poller/target/llm-router-health-poller.zip";
    public static final String DEFAULT_COST_REFRESH_ZIP = "../functions/cost-refresh/target/llm-router-cost-refresh.zip";
    public static final String DEFAULT_BATCH_RUNNER_ZIP = "../functions/batch-runner/target/llm-router-batch-runner.zip";

    /** Validates everything at once, so one synth reports every mistake. */
    public DeploymentSettings {
        List<String> problems = new ArrayList<>();
        requireZip("routeZip", routeZip, problems);
        requireZip("healthPollerZip", healthPollerZip, problems);
        requireZip("costRefreshZip", costRefreshZip, problems);
        requireZip("batchRunnerZip", batchRunnerZip, problems);
        if (!RUNTIMES.contains(runtime)) {
            problems.add("runtime: must be one of " + RUNTIMES + ", got " + runtime);
        }
        if (!ARCHITECTURES.contains(architecture)) {
            problems.add("architecture: must be one of " + ARCHITECTURES + ", got " + architecture);
        }
        if (configParameterName == null || !configParameterName.matches("/[A-Za-z0-9_.\\-/]+")) {
            problems.add("configParameterName: must be a full SSM path such as /llm-router/config, got " + configParameterName);
        }
        if (configKmsKeyArn != null && configKmsKeyArn.isEmpty()) {
            configKmsKeyArn = null;
        }
        if (eventBusName == null || eventBusName.isBlank()) {
            problems.add("eventBusName: must be set");
        }
        // Zero is allowed: it alarms on any routed spend, for a deployment meant to use only its own clusters.
        if (!(hourlyBudgetUsd >= 0) || Double.isInfinite(hourlyBudgetUsd)) {
            problems.add("hourlyBudgetUsd: must be a number of dollars, 0 or more, got " + hourlyBudgetUsd);
        }
        if (alarmEmail != null && alarmEmail.isEmpty()) {
            alarmEmail = null;
        }
        if (alarmEmail != null && !alarmEmail.matches(EMAIL_PATTERN)) {
            problems.add("alarmEmail: must be an email address, got " + alarmEmail);
        }
        if (routeCompute == null) {
            problems.add("routeCompute: must be set");
        } else {
            problems.addAll(routeCompute.problems(architecture));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid llm-router deployment settings:\n  " + String.join("\n  ", problems));
        }
    }

    /** Reads the settings from CDK context, with the defaults of the SAM template for what is not set. */
    public static DeploymentSettings fromContext(Node node) {
        String hourlyBudget = context(node, "hourlyBudgetUsd", Double.toString(DEFAULT_HOURLY_BUDGET_USD));
        double budget;
        try {
            budget = Double.parseDouble(hourlyBudget);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid llm-router deployment settings:\n  hourlyBudgetUsd: must be a number of dollars, got " + hourlyBudget);
        }
        List<String> unreadable = new ArrayList<>();
        RouteCompute routeCompute = RouteCompute.fromContext(node, unreadable);
        if (!unreadable.isEmpty()) {
            throw new IllegalArgumentException("invalid llm-router deployment settings:\n  " + String.join("\n  ", unreadable));
        }
        return new DeploymentSettings(
                Path.of(context(node, "routeZip", DEFAULT_ROUTE_ZIP)),
                Path.of(context(node, "healthPollerZip", DEFAULT_HEALTH_POLLER_ZIP)),
                Path.of(context(node, "costRefreshZip", DEFAULT_COST_REFRESH_ZIP)),
                Path.of(context(node, "batchRunnerZip", DEFAULT_BATCH_RUNNER_ZIP)),
                context(node, "runtime", "java21"),
                context(node, "architecture", "arm64"),
                context(node, "configParameterName", "/llm-router/config"),
                context(node, "configKmsKeyArn", null),
                context(node, "eventBusName", "llm-router"),
                budget,
                context(node, "alarmEmail", null),
                routeCompute);
    }

    private static String context(Node node, String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null ? fallback : value.toString();
    }

    /** Code.fromAsset on a missing file fails deep inside synth; say what to do instead. */
    private static void requireZip(String key, Path zip, List<String> problems) {
        if (zip == null || !Files.isRegularFile(zip)) {
            problems.add(key + ": no Lambda zip at " + (zip == null ? "(not set)" : zip.toAbsolutePath().normalize())
                    + "; build it with `mvn package` at the repository root, or pass -c " + key + "=<path>");
        }
    }
}
