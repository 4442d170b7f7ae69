package io.llmrouter.local;

import io.llmrouter.local.dashboard.DashboardPage;
import io.llmrouter.local.dashboard.MetricsBoard;
import java.time.Clock;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.llmrouter.config.ConfigException;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.ServerSettings;
import io.llmrouter.batchrunner.BatchRunnerHandler;
import io.llmrouter.poller.HealthPollerHandler;
import io.llmrouter.refresh.CostRefreshHandler;
import io.llmrouter.replay.DemoFleet;
import io.llmrouter.replay.ReplayCommand;
import io.llmrouter.route.RouteHandler;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.S3Server;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import io.micronaut.context.ApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole router on one machine, no Docker, no AWS account: DynamoDB Local, three real
 * llama-servers standing in for the AWS, GCP and Azure clusters (unless {@code --config} names
 * other clusters), health-poller, cost-refresh and the batch runner invoked on schedules with EventBridge's
 * scheduled-event JSON, a real S3-protocol server for the batch files (s3rver, when {@code npm ci} has installed it
 * in {@code s3-server/}), and the route function behind a front door that turns HTTP into a function
 * URL's events and streams the answers back. Everything it starts, and nothing else, stops with it.
 */
public final class LocalDeployment implements AutoCloseable {

    /** The demo clusters and their hourly prices (t3.large, n1-standard-2, Standard_D2s_v3). */
    static final List<String> DEMO_CLUSTERS = DemoFleet.CLUSTERS;
    static final List<Double> DEMO_PRICES = DemoFleet.NODE_PRICES;
    /** The routing state's table in the stack's DynamoDB Local. */
    public static final String TABLE = "llm-router-state";
    /** The batch files' bucket in the stack's S3 server. */
    public static final String BUCKET = "llm-router-batches";
    /** How often the batch runner is invoked, and for how long each invocation starts waves. */
    static final Duration BATCH_EVERY = Duration.ofSeconds(1);

    private final List<AutoCloseable> started = new ArrayList<>();
    private final LocalDynamoServer dynamo;
    private final LlamaServerRig llama;
    private final Path config;
    private final RouterConfig loaded;
    private final RouteHandler route;
    private final HealthPollerHandler poller;
    private final CostRefreshHandler refresh;
    /** Null without an S3 server: then the stack has no batches. */
    private final S3Server s3;
    private volatile BatchRunnerHandler batchRunner;
    private final Map<String, Object> batchProperties;
    private ScheduledFuture<?> batchSchedule;
    private final MetricsBoard board = new MetricsBoard(Clock.systemUTC(), Duration.ofSeconds(10));
    private FrontDoor frontDoor;
    private ScheduledExecutorService schedules;

    private LocalDeployment(Path configFile, Path workDir) throws Exception {
        // The SDK needs a region and credentials even for loopback endpoints; real ones are never used here.
        setDefault("aws.region", "us-east-1");
        setDefault("aws.accessKeyId", "local");
        setDefault("aws.secretAccessKey", "local");
        dynamo = LocalDynamoServer.start();
        started.add(dynamo);
        StateTable.createIfMissing(dynamo.client(), TABLE);
        if (configFile == null) {
            say("starting 3 llama-servers (the first run builds llama-server, ~5 minutes)");
            llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(3).slots(2).contextSize(2048)
                    .alias("tiny-random-llama").build().start();
            started.add(llama);
            Files.createDirectories(workDir);
            config = Files.writeString(workDir.resolve("router.yaml"), demoConfig(llama));
            ownerOnly(config);
        } else {
            llama = null;
            config = configFile;
        }
        loaded = ConfigLoader.fromFile(config, System.getenv()); // fail early, every problem named
        if (S3Server.available()) {
            s3 = S3Server.start(workDir.resolve("s3"), BUCKET);
            started.add(s3);
        } else {
            s3 = null;
            say("no S3 server (run `npm ci` in s3-server): the Files and Batch endpoints answer 404");
        }
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "router.config", config.toString(),
                "dynamodb.endpoint", dynamo.endpoint().toString(),
                "state.table", TABLE,
                // The stack invokes the poller every healthCheckInterval, so each invocation polls once.
                "poll.schedule", loaded.router().healthCheckInterval().toMillis() + "ms",
                // The local stack runs without AWS: there is no CloudWatch to publish gauges to.
                "metrics.publish", false));
        if (s3 != null) {
            properties.putAll(Map.of("batch.bucket", BUCKET, "s3.endpoint", s3.endpoint().toString(),
                    "s3.access-key-id", S3Server.ACCESS_KEY_ID, "s3.secret-access-key", S3Server.SECRET_ACCESS_KEY,
                    "batch.pass", BATCH_EVERY.toMillis() + "ms"));
        }
        batchProperties = Map.copyOf(properties);
        // The pollers' gauges reach the dashboard instead of CloudWatch (metrics.publish is off).
        poller = new HealthPollerHandler(ApplicationContext.builder().properties(properties).singletons(board));
        refresh = new CostRefreshHandler(ApplicationContext.builder().properties(properties).singletons(board));
        // The dashboard hears about every request from the route function, as its EMF metrics do.
        route = new RouteHandler(ApplicationContext.builder().properties(properties).singletons(board));
        started.add(0, route);
        started.add(0, refresh);
        started.add(0, poller);
        batchRunner = s3 == null ? null : new BatchRunnerHandler(ApplicationContext.builder().properties(batchProperties));
        // One pass before serving, so the first request already has health and prices to route on.
        pollHealth();
        refreshCosts();
        say("config: " + config + " (" + loaded.clusters().size() + " clusters, "
                + loaded.enabledProviders().size() + " providers)");
    }

    public static LocalDeployment start(Path configFile, Path workDir) throws Exception {
        return new LocalDeployment(configFile, workDir);
    }

    /** Serves on {@code port} (0 picks a free one) and runs the pollers on their schedules. */
    public LocalDeployment serve(int port, Duration healthEvery, Duration costEvery) throws Exception {
        frontDoor = new FrontDoor(route, new DashboardPage(board), LocalClusters.of(DEMO_CLUSTERS, llama), port);
        started.add(0, frontDoor);
        schedules = Executors.newScheduledThreadPool(3);
        // At a fixed rate, as EventBridge invokes: a slow round does not push every later poll back.
        schedules.scheduleAtFixedRate(this::pollHealthQuietly, healthEvery.toMillis(), healthEvery.toMillis(), TimeUnit.MILLISECONDS);
        schedules.scheduleWithFixedDelay(this::refreshCostsQuietly, costEvery.toMillis(), costEvery.toMillis(), TimeUnit.MILLISECONDS);
        if (batchRunner != null) {
            batchSchedule = schedules.scheduleWithFixedDelay(this::runBatchesQuietly, BATCH_EVERY.toMillis(),
                    BATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Whether the stack has batches: an S3 server for their files, and the batch runner. */
    public boolean servesBatches() {
        return s3 != null;
    }

    /**
     * Stops the batch runner where it is, as a Lambda container that dies mid-invocation: its in-flight wave is
     * interrupted, its claims stay until their lease passes, and no pass runs until {@link #startBatchRunner()}.
     */
    public void killBatchRunner() {
        if (batchSchedule != null) {
            batchSchedule.cancel(true);
        }
        BatchRunnerHandler dead = batchRunner;
        batchRunner = null;
        if (dead != null) {
            dead.close();
        }
    }

    /** A new batch runner (a new container: a new owner for its claims) on the usual schedule. */
    public void startBatchRunner() {
        batchRunner = new BatchRunnerHandler(ApplicationContext.builder().properties(batchProperties));
        batchSchedule = schedules.scheduleWithFixedDelay(this::runBatchesQuietly, 0, BATCH_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    public int port() {
        return frontDoor.port();
    }

    /** The stack's DynamoDB Local, where the pollers write the routing state ({@link #TABLE}). */
    public java.net.URI dynamoEndpoint() {
        return dynamo.endpoint();
    }

    /** The demo llama-servers, or null with {@code --config}. */
    public LlamaServerRig llama() {
        return llama;
    }

    public Object invoke(String function, Path eventFile) {
        String file = eventFile.toAbsolutePath().toString();
        return switch (function) {
            case "route", "RouteFunction" -> route.handleRequest(EventLoader.loadApiGatewayHttpEvent(file), context(function));
            case "health-poller", "HealthPollerFunction" -> poller.handleRequest(EventLoader.loadScheduledEvent(file), context(function));
            case "cost-refresh", "CostRefreshFunction" -> refresh.handleRequest(EventLoader.loadScheduledEvent(file), context(function));
            case "batch-runner", "BatchRunnerFunction" -> {
                if (batchRunner == null) {
                    throw new IllegalStateException("no batch runner: the stack has no S3 server (run `npm ci` in s3-server)");
                }
                yield batchRunner.handleRequest(EventLoader.loadScheduledEvent(file), context(function));
            }
            default -> throw new IllegalArgumentException("unknown function '" + function
                    + "': route, health-poller, cost-refresh or batch-runner");
        };
    }

    void pollHealth() {
        poller.handleRequest(EventLoader.loadScheduledEvent("events/scheduled-health-poll.json"), context("health-poller"));
    }

    void refreshCosts() {
        refresh.handleRequest(EventLoader.loadScheduledEvent("events/scheduled-cost-refresh.json"), context("cost-refresh"));
    }

    private void pollHealthQuietly() {
        try {
            pollHealth();
        } catch (RuntimeException e) {
            say("health poll failed: " + e);
        }
    }

    private void runBatchesQuietly() {
        BatchRunnerHandler runner = batchRunner;
        if (runner == null) {
            return;
        }
        try {
            runner.handleRequest(EventLoader.loadScheduledEvent("events/scheduled-batch-run.json"), context("batch-runner"));
        } catch (RuntimeException e) {
            say("batch run failed: " + e);
        }
    }

    private void refreshCostsQuietly() {
        try {
            refreshCosts();
        } catch (RuntimeException e) {
            say("cost refresh failed: " + e);
        }
    }

    private static TestLambdaContext context(String function) {
        return new TestLambdaContext(function, Duration.ofSeconds(60));
    }

    static String demoConfig(LlamaServerRig llama) {
        StringBuilder yaml = new StringBuilder("""
                # Written by ./run-local for its demo clusters; pass --config FILE to use your own.
                router:
                  routingStrategy: cost
                  healthCheckInterval: 2s
                  adminKey: ${ROUTER_ADMIN_KEY:-local-admin-key}
                  hysteresis: {margin: 0.10, holdTime: 10s}
                  # The priciest demo cluster stands in for the premium model requests would otherwise use.
                  savingsBaseline: azure-eastus/tiny-random-llama
                  # /playground: prompt, stream, decision, cost and fleet, with a stop/start button per demo cluster.
                  playground: true
                clusters:
                """);
        for (int i = 0; i < DEMO_CLUSTERS.size(); i++) {
            yaml.append("  - {name: ").append(DEMO_CLUSTERS.get(i)).append(", endpoint: \"").append(llama.baseUri(i))
                    .append("\", costPerHour: ").append(DEMO_PRICES.get(i)).append(", instanceType: local}\n");
        }
        if (System.getenv("OPENAI_API_KEY") != null && !System.getenv("OPENAI_API_KEY").isBlank()) {
            yaml.append("externalProviders:\n  - {name: openai, type: openai, apiKey: \"${OPENAI_API_KEY}\", "
                    + "defaultModel: gpt-4o-mini, models: [gpt-4o-mini, gpt-4o]}\n");
        }
        return yaml.toString();
    }

    /** The generated config names the admin key's variable and the endpoints: the owner's business only. */
    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | java.io.IOException e) {
            say("could not make " + file + " owner-readable only: " + e.getMessage());
        }
    }

    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    static void say(String message) {
        System.err.println("[run-local] " + message);
    }

    @Override
    public void close() {
        if (schedules != null) {
            schedules.shutdownNow();
        }
        BatchRunnerHandler runner = batchRunner;
        if (runner != null) {
            runner.close();
        }
        for (AutoCloseable resource : started) {
            try {
                resource.close();
            } catch (Exception e) {
                say("while stopping: " + e);
            }
        }
    }

    private static boolean portIsFree(int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** {@code --port}, else the config's {@code server.port}, else 8080 (the demo config has no server section). */
    static int listenPort(Options options) {
        if (options.port() != null) {
            return options.port();
        }
        return options.config() == null ? ServerSettings.defaults().port()
                : ConfigLoader.fromFile(options.config(), System.getenv()).server().port();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("replay")) {
            System.exit(ReplayCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), DemoFleet.config(),
                    System.out, System.err));
            return;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("run-local: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        Path workDir = Path.of(".local-stack");
        java.io.PrintStream stdout = System.out;
        if (options.invokeFunction() != null) {
            // Like `sam local invoke`: logs (DynamoDB Local prints its banner to stdout) go to stderr,
            // stdout carries only the function's response.
            System.setOut(System.err);
        }
        int port;
        try {
            port = listenPort(options);
        } catch (ConfigException e) {
            System.err.println("run-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.invokeFunction() == null && port != 0 && !portIsFree(port)) {
            // Before DynamoDB Local and three llama-servers start (or one is built, for minutes).
            System.err.println("run-local: port " + port + " is busy: stop what uses it or pass --port N");
            System.exit(2);
            return;
        }
        LocalDeployment stack;
        try {
            stack = start(options.config(), workDir);
        } catch (ConfigException e) {
            System.err.println("run-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.invokeFunction() != null) {
            int status = 0;
            try (stack) {
                Object response = stack.invoke(options.invokeFunction(), options.invokeEvent());
                stdout.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .findAndRegisterModules().writeValueAsString(response));
            } catch (RuntimeException e) {
                System.err.println("run-local: the invocation failed: " + e);
                status = 1;
            }
            // Libraries leave non-daemon threads behind; the invocation is over.
            System.exit(status);
        }
        try {
            // The config's healthCheckInterval is the poll schedule (2 s in the demo config).
            stack.serve(port, stack.loaded.router().healthCheckInterval(), Duration.ofSeconds(10));
        } catch (IllegalStateException e) {
            stack.close();
            System.err.println("run-local: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "run-local-stop"));
        printBanner(stack);
        Thread.currentThread().join();
    }

    private static void printBanner(LocalDeployment stack) {
        String base = "http://127.0.0.1:" + stack.port();
        StringBuilder text = new StringBuilder("\nllm-router is running locally\n");
        text.append("  front door (function URL, streaming -> route function): ").append(base).append('\n');
        text.append("  cost dashboard: ").append(base).append("/dashboard\n");
        if (stack.loaded.router().playground()) {
            text.append("  playground: ").append(base).append("/playground\n");
        }
        text.append("  DynamoDB Local: ").append(stack.dynamo.endpoint()).append(" table ").append(TABLE).append('\n');
        if (stack.llama != null) {
            for (int i = 0; i < DEMO_CLUSTERS.size(); i++) {
                text.append("  llama-server ").append(DEMO_CLUSTERS.get(i)).append(": ").append(stack.llama.baseUri(i))
                        .append(" ($").append(DEMO_PRICES.get(i)).append("/h)\n");
            }
        }
        if (stack.s3 != null) {
            text.append("  S3 (s3rver, batch files): ").append(stack.s3.endpoint()).append(" bucket ").append(BUCKET).append('\n');
        }
        text.append("  health-poller every ").append(stack.loaded.router().healthCheckInterval().toMillis() / 1000.0)
                .append(" s, cost-refresh every 10 s").append(stack.s3 != null ? ", batch-runner every 1 s" : "")
                .append(" (EventBridge scheduled events)\n");
        text.append("  config: ").append(stack.config).append("\n\ntry:\n");
        text.append("  curl -s ").append(base).append("/v1/chat/completions -H 'content-type: application/json' \\\n");
        text.append("    -d '{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hello\"}],\"max_tokens\":16}' -i\n");
        text.append("  curl -s ").append(base).append("/v1/router/state -H 'authorization: Bearer local-admin-key'\n");
        text.append("  curl -s '").append(base).append("/v1/router/spend?groupBy=target' -H 'authorization: Bearer local-admin-key'\n");
        text.append("\nCtrl-C stops everything started here.\n");
        System.out.println(text);
    }
}
