package io.llmrouter.route.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.DeploymentPackage;
import io.llmrouter.testing.aws.LoopbackRuntimeApi;
import io.llmrouter.testing.aws.LoopbackRuntimeApi.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route function's zip as Lambda's java21/java25 runtime starts it with
 * {@code AWS_LAMBDA_EXEC_WRAPPER=/var/task/bin/stream-runtime}: the wrapper gets the managed runtime's java
 * command line and must start the streaming runtime from the zip's classes. Runs in the package phase,
 * once the zip exists (surefire's "packaged-zip" execution).
 */
@Tag("packaged-zip")
class StreamRuntimeWrapperTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    /** What Lambda's managed runtime passes after the java binary, give or take its other JVM options. */
    static final List<String> MANAGED_COMMAND_LINE = List.of("-Xmx256m", "-classpath", "/nonexistent",
            "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", "io.llmrouter.route.RouteHandler");

    @TempDir
    static Path taskRoot;
    @TempDir
    Path dir;
    LoopbackRuntimeApi api;
    Process function;

    @BeforeAll
    static void unzipTheFunction() throws IOException {
        Path zip = Path.of("target", "llm-router-route.zip");
        assertTrue(Files.isRegularFile(zip), "the zip is packaged before this runs: " + zip.toAbsolutePath());
        DeploymentPackage.unpack(zip, taskRoot);
    }

    @AfterEach
    void stop() {
        if (function != null) {
            function.destroyForcibly();
        }
        if (api != null) {
            api.close();
        }
    }

    Process wrapper(List<String> commandLine, Map<String, String> env, Path output) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("sh", taskRoot.resolve("bin/stream-runtime").toString()));
        command.addAll(commandLine);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        builder.environment().put("LAMBDA_TASK_ROOT", taskRoot.toString());
        return builder.start();
    }

    static String event(String name) throws IOException {
        try (InputStream in = StreamRuntimeWrapperTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theWrapperRunsTheStreamingRuntimeFromTheZipWithTheManagedRuntimesJvmOptions() throws Exception {
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        Path config = Files.writeString(dir.resolve("router.yaml"), """
                router: {routingStrategy: cost, adminKey: change-me-admin-key}
                clusters:
                  - {name: aws-us-west-2, endpoint: "http://127.0.0.1:9", costPerHour: 0.0928}
                store: {tableName: %s}
                """.formatted(table));
        api = LoopbackRuntimeApi.start();
        Path output = dir.resolve("function.log");
        List<String> commandLine = new java.util.ArrayList<>(List.of(JAVA));
        commandLine.addAll(MANAGED_COMMAND_LINE);
        function = wrapper(commandLine, Map.ofEntries(
                Map.entry("AWS_LAMBDA_RUNTIME_API", api.address()),
                Map.entry("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"),
                Map.entry("AWS_LAMBDA_FUNCTION_NAME", "route"),
                Map.entry("ROUTER_CONFIG", config.toString()),
                Map.entry("DYNAMODB_ENDPOINT", dynamo.endpoint().toString()),
                Map.entry("AWS_REGION", "us-east-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "test"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "test"),
                Map.entry("METRICS_PUBLISH", "false"),
                Map.entry("AWS_EMF_ENVIRONMENT", "Local")), output);

        String id = api.queue(event("api-health.json"));
        Answer answer = api.awaitAnswer(id, Duration.ofSeconds(120));

        String log = Files.readString(output);
        assertTrue(answer.streamed(), log);
        // No health poll has run against this table, so the router's own answer is 503 "unavailable".
        assertEquals(503, answer.prelude().path("statusCode").asInt(), answer.payload() + "\n" + log);
        assertEquals("application/json", answer.prelude().path("headers").path("content-type").asText(), answer.prelude().toString());
        assertEquals(1, JSON.readTree(answer.payload()).path("total_clusters").asInt(), answer.payload());
        // SnapStart: the route function's priming hook ran before the snapshot, through org.crac.
        assertEquals("GET /runtime/restore/next", api.calls().get(0), api.calls().toString());
        assertTrue(log.contains("primed the request path"), log);
        // exec: the wrapper's process is the JVM, started with the managed runtime's options and our class path.
        List<String> arguments = List.of(function.info().arguments().orElseThrow());
        assertTrue(arguments.contains("-Xmx256m"), arguments.toString());
        assertTrue(arguments.contains(taskRoot + ":" + taskRoot + "/lib/*"), arguments.toString());
        assertEquals("io.llmrouter.route.runtime.StreamingRuntime", arguments.get(arguments.size() - 1));
        assertFalse(arguments.contains("/nonexistent"), arguments.toString());
    }

    @Test
    void underSamLocalTheManagedRuntimeRunsUnchanged() throws Exception {
        Path recorded = dir.resolve("arguments.txt");
        Path fakeJava = Files.writeString(dir.resolve("java"), """
                #!/bin/sh
                for argument in "$@"; do printf '%%s\\n' "$argument"; done > '%s'
                """.formatted(recorded));
        assertTrue(fakeJava.toFile().setExecutable(true));
        List<String> commandLine = new java.util.ArrayList<>(List.of(fakeJava.toString()));
        commandLine.addAll(MANAGED_COMMAND_LINE);

        Process sam = wrapper(commandLine, Map.of("AWS_SAM_LOCAL", "true"), dir.resolve("sam.log"));
        assertTrue(sam.waitFor(30, TimeUnit.SECONDS));

        assertEquals(0, sam.exitValue(), Files.readString(dir.resolve("sam.log")));
        assertEquals(MANAGED_COMMAND_LINE, Files.readAllLines(recorded));
    }
}
