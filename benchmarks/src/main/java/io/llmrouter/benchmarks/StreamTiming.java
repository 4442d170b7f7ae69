package io.llmrouter.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.local.LocalDeployment;
import io.llmrouter.testing.aws.DeploymentPackage;
import io.llmrouter.testing.aws.LoopbackRuntimeApi;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Time to first token and total time of one chat completion, streamed versus buffered, where a client
 * meets them: HTTP through the local stack's front door (a function URL's stand-in, which streams), and
 * the route function's buffered entry point ({@code handleRequest}, what API Gateway's HTTP API invoked),
 * on a real llama-server generating 320 tokens of the small generated model on one thread. The three ways
 * run in turn, so that drift on this shared machine spreads over all of them:
 * <ul>
 *   <li>streamed: {@code "stream": true} over HTTP; first token = first content chunk read by the client;</li>
 *   <li>streamed on the AWS path: the packaged route zip, started through {@code bin/stream-runtime} as the
 *       managed runtime would start it, answering a function URL event through a loopback Lambda Runtime
 *       API; first token = first content chunk received by the Runtime API (where Lambda passes it on to
 *       the function URL's client);</li>
 *   <li>buffered stream: the same request through {@code handleRequest}, whose answer (the whole SSE body)
 *       the client gets at once: first token = total;</li>
 *   <li>not streamed: {@code "stream": false} over HTTP: first token = total.</li>
 * </ul>
 *
 * <p>Run from the repository root, after {@code mvn package} built the route zip:
 * {@code java -cp benchmarks/target/benchmarks.jar io.llmrouter.benchmarks.StreamTiming [rounds] [tokens]}
 */
public final class StreamTiming {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamTiming() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int tokens = args.length > 1 ? Integer.parseInt(args[1]) : 320;
        Path work = Files.createTempDirectory("stream-timing");
        try (LlamaServerRig llama = LlamaServerRig.builder().model(TinyModels.SMALL).servers(1).slots(1).threads(1)
                .contextSize(2048).alias("small-random-llama").build().start()) {
            Path config = Files.writeString(work.resolve("router.yaml"), """
                    router: {routingStrategy: cost, healthCheckInterval: 2s}
                    clusters:
                      - {name: small, endpoint: "%s", costPerHour: 0.05, models: [small-random-llama]}
                    """.formatted(llama.baseUri(0)));
            try (LocalDeployment stack = LocalDeployment.start(config, work.resolve("stack"))
                    .serve(0, Duration.ofSeconds(2), Duration.ofSeconds(30))) {
                URI url = URI.create("http://127.0.0.1:" + stack.port() + "/v1/chat/completions");
                LoopbackRuntimeApi runtimeApi = LoopbackRuntimeApi.start();
                Process function = startPackagedFunction(work, config, stack, runtimeApi);
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Path event = work.resolve("event.json");
                Files.writeString(event, event(body(tokens, true)));
                // Warm-up: classes, JIT, connections, the slot's first prompt.
                String functionUrlEvent = Files.readString(event);
                for (int i = 0; i < 3; i++) {
                    streamed(http, url, tokens);
                    runtimeStreamed(runtimeApi, functionUrlEvent);
                    buffered(stack, event);
                    whole(http, url, tokens);
                }
                List<Timing> streamed = new ArrayList<>();
                List<Timing> runtime = new ArrayList<>();
                List<Timing> buffered = new ArrayList<>();
                List<Timing> whole = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    streamed.add(streamed(http, url, tokens));
                    runtime.add(runtimeStreamed(runtimeApi, functionUrlEvent));
                    buffered.add(buffered(stack, event));
                    whole.add(whole(http, url, tokens));
                }
                function.destroy();
                runtimeApi.close();
                System.out.printf(Locale.ROOT, "%d rounds of %d tokens, medians (ms):%n", rounds, tokens);
                report("streamed over HTTP (front door)", streamed);
                report("streamed, Lambda Runtime API", runtime);
                report("buffered stream (handleRequest)", buffered);
                report("not streamed over HTTP", whole);
                Timing s = median(streamed);
                Timing b = median(buffered);
                System.out.printf(Locale.ROOT, "RATIO first token streamed/buffered %.3f (%.1f / %.1f ms); total %.3f%n",
                        s.firstMillis / b.firstMillis, s.firstMillis, b.firstMillis, s.totalMillis / b.totalMillis);
                http.close();
            }
        }
    }

    /** Milliseconds from sending the request to its first token, and to its end. */
    record Timing(double firstMillis, double totalMillis) {
    }

    static Timing streamed(HttpClient http, URI url, int tokens) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> response = http.send(post(url, body(tokens, true)), HttpResponse.BodyHandlers.ofInputStream());
        long first = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (first == 0 && line.contains("\"content\":\"")) {
                    first = System.nanoTime();
                }
            }
        }
        long end = System.nanoTime();
        require(response.statusCode(), first != 0);
        return new Timing((first - start) / 1e6, (end - start) / 1e6);
    }

    static Timing runtimeStreamed(LoopbackRuntimeApi api, String event) throws Exception {
        long start = System.nanoTime();
        String id = api.queue(event);
        LoopbackRuntimeApi.Answer answer = api.awaitAnswer(id, Duration.ofMinutes(2));
        long first = 0;
        for (LoopbackRuntimeApi.Chunk chunk : answer.chunks()) {
            if (new String(chunk.bytes(), StandardCharsets.UTF_8).contains("\"content\":\"")) {
                first = chunk.receivedNanos();
                break;
            }
        }
        List<LoopbackRuntimeApi.Chunk> chunks = answer.chunks();
        require(answer.prelude().path("statusCode").asInt(), first != 0 && answer.payload().contains("[DONE]"));
        return new Timing((first - start) / 1e6, (chunks.getLast().receivedNanos() - start) / 1e6);
    }

    /**
     * The packaged route function, as Lambda's managed Java runtime would start it with our exec wrapper:
     * {@code sh bin/stream-runtime java <options> -classpath <runtime's> <runtime's main> <handler>}, on the
     * stack's DynamoDB Local (whose pollers keep the routing state fresh) and the given Runtime API.
     */
    static Process startPackagedFunction(Path work, Path config, LocalDeployment stack, LoopbackRuntimeApi api)
            throws Exception {
        Path zip = Path.of("functions/route/target/llm-router-route.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("no " + zip + ": run from the repository root after mvn package");
        }
        Path taskRoot = DeploymentPackage.unpack(zip, Files.createDirectories(work.resolve("task")));
        String javaBinary = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder("sh", taskRoot.resolve("bin/stream-runtime").toString(), javaBinary,
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xmx512m", "-classpath", "/var/runtime/lib/*",
                "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", "io.llmrouter.route.RouteHandler")
                .redirectErrorStream(true).redirectOutput(work.resolve("function.log").toFile());
        builder.environment().putAll(java.util.Map.of(
                "LAMBDA_TASK_ROOT", taskRoot.toString(),
                "AWS_LAMBDA_RUNTIME_API", api.address(),
                "AWS_LAMBDA_FUNCTION_NAME", "route",
                "ROUTER_CONFIG", config.toString(),
                "DYNAMODB_ENDPOINT", stack.dynamoEndpoint().toString(),
                "STATE_TABLE", LocalDeployment.TABLE,
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "local",
                "AWS_SECRET_ACCESS_KEY", "local",
                "METRICS_PUBLISH", "false"));
        return builder.start();
    }

    static Timing buffered(LocalDeployment stack, Path event) {
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) stack.invoke("route", event);
        long end = System.nanoTime();
        require(response.getStatusCode(), response.getBody().contains("[DONE]"));
        return new Timing((end - start) / 1e6, (end - start) / 1e6);
    }

    static Timing whole(HttpClient http, URI url, int tokens) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(post(url, body(tokens, false)), HttpResponse.BodyHandlers.ofString());
        long end = System.nanoTime();
        require(response.statusCode(), response.body().contains("chat.completion"));
        return new Timing((end - start) / 1e6, (end - start) / 1e6);
    }

    private static void require(int status, boolean answered) {
        if (status != 200 || !answered) {
            throw new IllegalStateException("the router did not answer as expected: HTTP " + status);
        }
    }

    private static HttpRequest post(URI url, String body) {
        return HttpRequest.newBuilder(url).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    /** A chat completion generating exactly {@code tokens} tokens (llama-server's {@code ignore_eos}). */
    static String body(int tokens, boolean stream) {
        ObjectNode body = JSON.createObjectNode().put("model", "small-random-llama").put("max_tokens", tokens)
                .put("ignore_eos", true).put("stream", stream);
        body.putArray("messages").addObject().put("role", "user").put("content", "Tell me a long story about a router.");
        return body.toString();
    }

    /** A function URL's payload-2.0 event carrying {@code body}. */
    static String event(String body) {
        ObjectNode event = JSON.createObjectNode().put("version", "2.0").put("routeKey", "$default")
                .put("rawPath", "/v1/chat/completions").put("rawQueryString", "").put("isBase64Encoded", false)
                .put("body", body);
        event.putObject("headers").put("content-type", "application/json");
        ObjectNode context = event.putObject("requestContext").put("requestId", "stream-timing").put("stage", "$default");
        context.putObject("http").put("method", "POST").put("path", "/v1/chat/completions");
        return event.toString();
    }

    private static void report(String name, List<Timing> timings) {
        Timing median = median(timings);
        System.out.printf(Locale.ROOT, "  %-34s first token %8.1f   total %8.1f%n", name, median.firstMillis, median.totalMillis);
    }

    private static Timing median(List<Timing> timings) {
        double[] first = timings.stream().mapToDouble(Timing::firstMillis).sorted().toArray();
        double[] total = timings.stream().mapToDouble(Timing::totalMillis).sorted().toArray();
        return new Timing(first[first.length / 2], total[total.length / 2]);
    }
}
