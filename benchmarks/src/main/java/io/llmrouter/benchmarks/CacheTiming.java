package io.llmrouter.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.llmrouter.route.RouteHandler;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.micronaut.context.ApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * What the response cache saves at the Lambda entry point: {@code RouteHandler.handleRequest} with a new event
 * and {@code Context} each time, temperature-0 chat completions to a loopback OpenAI-format stand-in, three kinds
 * in turn so that drift on this shared machine spreads over all of them:
 * <ul>
 *   <li>miss: a prompt never sent before: routed, forwarded, and its answer written to DynamoDB Local;</li>
 *   <li>hit from memory: the same prompt again, served from the instance's LRU (no DynamoDB call);</li>
 *   <li>hit from DynamoDB: the same prompt on a second handler whose memory holds nothing
 *       ({@code cache.memoryEntries: 0}), as another instance meets an answer it did not make: one GetItem;</li>
 *   <li>bypass: a new prompt with {@code x-router-cache: off}, as a miss without the cache's read and write:
 *       what the cache adds to a miss.</li>
 * </ul>
 * The stand-in answers in well under a millisecond, so a miss here is cheap next to a real provider's seconds:
 * the ratios below are the least a hit saves.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.llmrouter.benchmarks.CacheTiming [rounds]}
 */
public final class CacheTiming {

    private CacheTiming() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        try (LoopbackDeployment deployment = LoopbackDeployment.start("cache-timing")) {
            Path noMemory = Files.writeString(Files.createTempFile("cache-timing-no-memory", ".yaml"),
                    Files.readString(deployment.config()) + "cache: {memoryEntries: 0}\n");
            try (RouteHandler handler = handler(deployment, deployment.config());
                 RouteHandler otherInstance = handler(deployment, noMemory)) {
                String hot = body("Say hello");
                call(handler, hot, "miss");
                for (int i = 0; i < rounds / 4; i++) { // warm-up: JIT, connection pools
                    call(handler, body("warm-up " + i), "miss");
                    call(handler, hot, "hit");
                    call(otherInstance, hot, "hit");
                    call(handler, body("warm-up bypass " + i), "bypass");
                }
                long[] misses = new long[rounds];
                long[] memoryHits = new long[rounds];
                long[] storeHits = new long[rounds];
                long[] bypasses = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    misses[i] = call(handler, body("prompt " + i), "miss");
                    memoryHits[i] = call(handler, hot, "hit");
                    storeHits[i] = call(otherInstance, hot, "hit");
                    bypasses[i] = call(handler, body("bypass " + i), "bypass");
                }
                System.out.printf(Locale.ROOT, "%d rounds, handleRequest latency (us):%n", rounds);
                report("miss (stand-in upstream, cache write)", misses);
                report("hit from memory", memoryHits);
                report("hit from DynamoDB (one GetItem)", storeHits);
                report("bypass (x-router-cache: off)", bypasses);
                System.out.printf(Locale.ROOT, "RATIO hit/miss p50: memory %.3f, DynamoDB %.3f; p99: memory %.3f, DynamoDB %.3f%n",
                        p(memoryHits, 0.5) / p(misses, 0.5), p(storeHits, 0.5) / p(misses, 0.5),
                        p(memoryHits, 0.99) / p(misses, 0.99), p(storeHits, 0.99) / p(misses, 0.99));
            }
        }
        System.exit(0);
    }

    private static RouteHandler handler(LoopbackDeployment deployment, Path config) {
        // No EMF on stdout: millions of lines would drown the report (the request log stays, as in Lambda).
        return new RouteHandler(ApplicationContext.builder().properties(Map.of(
                "router.config", config.toString(), "dynamodb.endpoint", deployment.dynamo().endpoint().toString(),
                "metrics.publish", false)));
    }

    /** The call's latency in ns; fails unless it answered 200 with the expected {@code x-router-cache}. */
    private static long call(RouteHandler handler, String body, String expected) {
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(body, expected.equals("bypass")), new TestLambdaContext("route", Duration.ofSeconds(29)));
        long took = System.nanoTime() - start;
        String cache = response.getHeaders() == null ? null : response.getHeaders().get("x-router-cache");
        if (response.getStatusCode() != 200 || !expected.equals(cache)) {
            throw new IllegalStateException("expected a " + expected + ", got HTTP " + response.getStatusCode()
                    + " x-router-cache: " + cache + " " + response.getBody());
        }
        return took;
    }

    static String body(String prompt) {
        return "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}],"
                + "\"max_tokens\":16,\"temperature\":0}";
    }

    /** A chat completion as the function URL hands it to the function (payload 2.0). */
    static APIGatewayV2HTTPEvent event(String body, boolean bypass) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0").withRouteKey("$default").withRawPath("/v1/chat/completions")
                .withHeaders(bypass ? Map.of("content-type", "application/json", "x-router-cache", "off")
                        : Map.of("content-type", "application/json")).withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(Long.toHexString(System.nanoTime()))
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/v1/chat/completions").build())
                        .build())
                .build();
    }

    private static void report(String name, long[] nanos) {
        System.out.printf(Locale.ROOT, "  %-40s p50 %9.1f   p99 %9.1f   mean %9.1f%n", name, p(nanos, 0.5) / 1e3,
                p(nanos, 0.99) / 1e3, Arrays.stream(nanos).average().orElse(0) / 1e3);
    }

    private static double p(long[] nanos, double q) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
