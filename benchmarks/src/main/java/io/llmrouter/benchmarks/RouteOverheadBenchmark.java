package io.llmrouter.benchmarks;

import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.gateway.HttpAnswer;
import io.llmrouter.gateway.HttpCall;
import io.llmrouter.gateway.RouterGateway;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import io.llmrouter.testing.providers.ProviderStub;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The router's warm overhead: the same one-token chat completion sent straight to a real
 * llama-server ({@code direct}) and through the router's gateway with a fresh snapshot
 * ({@code routed}: parse, count prompt tokens, decide, forward, price the usage). The difference of
 * the percentiles is the overhead. The same for a provider in another wire format: an Anthropic
 * Messages call to a loopback stand-in ({@code directAnthropic}) against the OpenAI-format call the
 * router translates there and back ({@code routedAnthropic}).
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RouteOverhead}
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 5)
@Fork(1)
@State(Scope.Benchmark)
public class RouteOverheadBenchmark {

    private static final String BODY = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":1}";

    private LocalDynamoServer dynamo;
    private LlamaServerRig llama;
    private RouterGateway gateway;
    private HttpClient http;
    private URI direct;
    /** The router's own time in the last routed call (its whole handling minus the upstream attempts). */
    volatile long lastOverheadNanos;
    private ProviderStub anthropic;
    private RouterGateway anthropicGateway;
    private URI anthropicDirect;

    private static final String ANTHROPIC_MODEL = "claude-3-7-sonnet-20250219";
    private static final String ANTHROPIC_BODY = "{\"model\":\"" + ANTHROPIC_MODEL
            + "\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dynamo = LocalDynamoServer.start();
        StateTable.createIfMissing(dynamo.client(), "overhead");
        llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(1).slots(2).contextSize(1024).build().start();
        direct = llama.baseUri(0).resolve("/v1/chat/completions");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        RouterConfig config = ConfigLoader.fromYaml("""
                clusters:
                  - {name: local, endpoint: "%s", costPerHour: 0.09}
                store: {tableName: overhead, snapshotRefresh: 1h, maxSnapshotStaleness: 2h}
                """.formatted(llama.baseUri(0)), Map.of());
        var store = new DynamoRoutingStateStore(dynamo.client(), config.store());
        store.putHealth(new HealthRecord("local", true, "ok", Instant.now(), 2L, 1000.0, null, null, null,
                0, 0, 0, 2, 512, List.of(), "m"));
        store.putCost(new CostRecord("local", CostRecord.ANY_MODEL, 0.0001, 0.0001, null, 1000.0, null,
                CostBasis.LIVE_THROUGHPUT, "bench", Instant.now()));
        Clock clock = Clock.systemUTC();
        gateway = RouterGateway.assemble(config, store, ForwardSettings.defaults(), clock,
                outcome -> lastOverheadNanos = outcome.overheadNanos());

        anthropic = ProviderStub.anthropic("bench-key");
        anthropicDirect = anthropic.baseUrl().resolve("/v1/messages");
        StateTable.createIfMissing(dynamo.client(), "overhead-providers");
        RouterConfig providers = ConfigLoader.fromYaml("""
                externalProviders:
                  - {name: anthropic, type: anthropic, apiKey: bench-key, baseUrl: "%s", defaultModel: %s}
                store: {tableName: overhead-providers, snapshotRefresh: 1h, maxSnapshotStaleness: 2h}
                """.formatted(anthropic.baseUrl(), ANTHROPIC_MODEL), Map.of());
        var providerStore = new DynamoRoutingStateStore(dynamo.client(), providers.store());
        providerStore.putCost(new CostRecord("anthropic", ANTHROPIC_MODEL, 0.003, 0.015, null, null, 200_000,
                CostBasis.PRICE_FEED, "bench", Instant.now()));
        anthropicGateway = RouterGateway.assemble(providers, providerStore, ForwardSettings.defaults(), clock,
                outcome -> lastOverheadNanos = outcome.overheadNanos());
    }

    @Benchmark
    public int directAnthropic() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(anthropicDirect)
                .header("Content-Type", "application/json")
                .header("x-api-key", "bench-key")
                .header("anthropic-version", "2023-06-01")
                .POST(HttpRequest.BodyPublishers.ofString(ANTHROPIC_BODY)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return check(response.statusCode());
    }

    @Benchmark
    public int routedAnthropic() {
        HttpAnswer answer = anthropicGateway.handle(new HttpCall("POST", "/v1/chat/completions",
                Map.of("content-type", "application/json"), BODY.getBytes(StandardCharsets.UTF_8)));
        return check(answer.status());
    }

    @Benchmark
    public int direct() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(direct)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(BODY)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return check(response.statusCode());
    }

    @Benchmark
    public int routed() {
        HttpAnswer answer = gateway.handle(new HttpCall("POST", "/v1/chat/completions",
                Map.of("content-type", "application/json"), BODY.getBytes(StandardCharsets.UTF_8)));
        return check(answer.status());
    }

    private static int check(int status) {
        if (status != 200) {
            throw new IllegalStateException("HTTP " + status);
        }
        return status;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        llama.close();
        anthropic.close();
        dynamo.close();
    }
}
