package io.llmrouter.benchmarks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.management.OperatingSystemMXBean;
import io.llmrouter.benchmarks.coldstart.ColdStartProbe;
import io.llmrouter.route.RouteHandler;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.providers.ProviderStub;
import io.micronaut.context.ApplicationContext;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The route function as Lambda calls it, for long enough to see growth: {@code RouteHandler.handleRequest}
 * with a new API Gateway event and a new {@code Context} each time, 200,000 chat completions in windows
 * of 20,000, each routed call paired with the same request sent straight to the upstream (the peer, in
 * the same run: an OpenAI-format stand-in on loopback). Per window: latency of both, the difference,
 * CPU per request of the process for each, and the heap left after a full collection. A handler that
 * keeps something per invocation shows it as a last window slower and bigger than the first.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.llmrouter.benchmarks.HandlerSoak [requests] [window]}
 */
public final class HandlerSoak {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private HandlerSoak() {
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        try (LoopbackDeployment deployment = LoopbackDeployment.start("soak")) {
            LocalDynamoServer dynamo = deployment.dynamo();
            ProviderStub upstream = deployment.upstream();
            Path config = deployment.config();
            // The peer sends with the same kind of client the router forwards with (blocking, pooled), so that
            // routed - direct is the router's own work and not a difference between HTTP clients.
            CloseableHttpClient http = HttpClients.custom().disableCookieManagement().disableContentCompression().build();
            URI direct = URI.create(upstream.baseUrl() + "/chat/completions");
            try (RouteHandler handler = new RouteHandler(ApplicationContext.builder().properties(Map.of(
                    "router.config", config.toString(), "dynamodb.endpoint", dynamo.endpoint().toString())))) {
                Window.header();
                for (int i = 0; i < window / 4; i++) { // warm-up: JIT, connection pools
                    routed(handler);
                    direct(http, direct);
                }
                Window first = null;
                Window last = null;
                for (int done = 0, n = 1; done < requests; done += window, n++) {
                    last = Window.measure(n, window, () -> routed(handler), () -> direct(http, direct));
                    first = first == null ? last : first;
                    System.out.println(last);
                }
                System.out.println(String.format(Locale.ROOT,
                        "SOAK %d routed requests: last/first window, routed mean %.2f, router CPU per request %.2f, heap %+.1f MB",
                        requests, last.routedMean() / first.routedMean(), last.routerCpu() / first.routerCpu(),
                        (last.heapBytes() - first.heapBytes()) / 1e6));
            }
        }
        System.exit(0);
    }

    private static void routed(RouteHandler handler) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                // A new event per call, as the runtime deserializes one per invocation.
                ColdStartProbe.chatEvent(Long.toHexString(System.nanoTime())), new TestLambdaContext("route", Duration.ofSeconds(29)));
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("routed: HTTP " + response.getStatusCode() + " " + response.getBody());
        }
    }

    private static void direct(CloseableHttpClient http, URI uri) {
        HttpPost post = new HttpPost(uri);
        post.setHeader("authorization", "Bearer " + LoopbackDeployment.API_KEY);
        post.setEntity(new StringEntity(ColdStartProbe.BODY, ContentType.APPLICATION_JSON));
        try (CloseableHttpResponse response = http.execute(post)) {
            EntityUtils.consume(response.getEntity());
            if (response.getStatusLine().getStatusCode() != 200) {
                throw new IllegalStateException("direct: HTTP " + response.getStatusLine().getStatusCode());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One window of paired calls. Times in µs; heap in bytes after a full collection at the window's end. */
    record Window(int number, long[] routed, long[] direct, double routedCpu, double directCpu, long heapBytes) {

        static Window measure(int number, int size, Runnable routedCall, Runnable directCall) {
            long[] routed = new long[size];
            long[] direct = new long[size];
            long routedCpu = 0;
            long directCpu = 0;
            for (int i = 0; i < size; i++) {
                // Alternate the order so that neither side always meets a just-warmed upstream.
                boolean directFirst = (i & 1) == 0;
                for (int side = 0; side < 2; side++) {
                    boolean isDirect = directFirst == (side == 0);
                    long cpu = OS.getProcessCpuTime();
                    long start = System.nanoTime();
                    (isDirect ? directCall : routedCall).run();
                    long took = System.nanoTime() - start;
                    long used = OS.getProcessCpuTime() - cpu;
                    if (isDirect) {
                        direct[i] = took;
                        directCpu += used;
                    } else {
                        routed[i] = took;
                        routedCpu += used;
                    }
                }
            }
            System.gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Window(number, routed, direct, routedCpu / 1e3 / size, directCpu / 1e3 / size, heap);
        }

        double routedMean() {
            return Arrays.stream(routed).average().orElse(0) / 1e3;
        }

        /** CPU the routed call used beyond the direct one: the router's share, handler and event included. */
        double routerCpu() {
            return routedCpu - directCpu;
        }

        static void header() {
            System.out.println("window  routed p50/p90/mean us   direct p50/p90/mean us   routed-direct mean   cpu/req routed  direct  router   heap MB");
        }

        @Override
        public String toString() {
            long[] r = routed.clone();
            long[] d = direct.clone();
            Arrays.sort(r);
            Arrays.sort(d);
            return String.format(Locale.ROOT, "%6d  %7.1f %7.1f %7.1f     %7.1f %7.1f %7.1f     %+9.1f          %7.1f %7.1f %7.1f   %7.1f",
                    number, p(r, 0.5), p(r, 0.9), routedMean(), p(d, 0.5), p(d, 0.9), Arrays.stream(direct).average().orElse(0) / 1e3,
                    routedMean() - Arrays.stream(direct).average().orElse(0) / 1e3, routedCpu, directCpu, routerCpu(), heapBytes / 1e6);
        }

        private static double p(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e3;
        }
    }
}
