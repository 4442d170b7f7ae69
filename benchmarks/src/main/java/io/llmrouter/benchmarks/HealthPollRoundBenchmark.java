package io.llmrouter.benchmarks;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterAuth;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.health.ClusterProbe;
import io.llmrouter.health.HealthPoller;
import io.llmrouter.health.ProbeClients;
import io.llmrouter.health.HealthTransitionPublisher;
import io.llmrouter.health.ProbeTimeouts;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import io.llmrouter.testing.llama.TinyModels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Wall time of one health-poller round, records written to DynamoDB Local included.
 *
 * <ul>
 *   <li>{@code llama-3}: three real llama-servers (tiny model);</li>
 *   <li>{@code loopback-200}, {@code loopback-2000}: that many clusters, each a loopback server that answers like
 *       llama-server v0.5.0 (captured bodies and headers) after {@code delayMs} per request.</li>
 * </ul>
 * Each fleet is polled with the probes on one shared HTTP client ({@code clients=shared}, as the health-poller
 * runs them) and on a client each ({@code own}, as before), in the same run, so the pair compares on the same
 * machine state.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar HealthPollRound}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class HealthPollRoundBenchmark {

    @Param({"llama-3", "loopback-200"})
    String fleet;

    @Param({"20"})
    int delayMs;

    /** {@code shared}: every probe on one HTTP client, as the health-poller runs them; {@code own}: one client each. */
    @Param({"shared", "own"})
    String clients;

    private LocalDynamoServer dynamo;
    private LlamaServerRig llama;
    private final List<LoopbackLlamaServer> loopbacks = new ArrayList<>();
    private HealthPoller poller;
    private ProbeClients shared;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dynamo = LocalDynamoServer.start();
        StateTable.createIfMissing(dynamo.client(), "bench");
        List<URI> endpoints = new ArrayList<>();
        if (fleet.equals("llama-3")) {
            llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(3).build().start();
            for (int i = 0; i < 3; i++) {
                endpoints.add(llama.baseUri(i));
            }
        } else {
            int count = Integer.parseInt(fleet.substring("loopback-".length()));
            for (int i = 0; i < count; i++) {
                LoopbackLlamaServer server = LoopbackLlamaServer.http().servingBusyCluster().guardedBy(exchange -> {
                    try {
                        Thread.sleep(delayMs);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                });
                loopbacks.add(server);
                endpoints.add(server.endpoint());
            }
        }
        List<ClusterConfig> clusters = new ArrayList<>();
        Map<String, ClusterProbe> probes = new HashMap<>();
        shared = new ProbeClients(ProbeTimeouts.defaults());
        for (int i = 0; i < endpoints.size(); i++) {
            ClusterConfig cluster = new ClusterConfig("c" + i, endpoints.get(i), "local", CloudProvider.AWS, 0.09,
                    null, null, List.of(), null, ClusterAuth.none());
            clusters.add(cluster);
            probes.put(cluster.name(), clients.equals("shared")
                    ? ClusterProbe.forCluster(cluster, ProbeTimeouts.defaults(), Clock.systemUTC(), shared)
                    : ClusterProbe.forCluster(cluster, ProbeTimeouts.defaults(), Clock.systemUTC()));
        }
        var store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable("bench"));
        poller = new HealthPoller(clusters, c -> probes.get(c.name()).probe(), store, HealthTransitionPublisher.NONE,
                Duration.ofSeconds(10), Clock.systemUTC());
    }

    @Benchmark
    public HealthPoller.Round round() throws InterruptedException {
        HealthPoller.Round round = poller.pollOnce();
        if (round.upCount() != round.records().size()) {
            throw new IllegalStateException("a cluster was down during the benchmark: " + round.records());
        }
        return round;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        poller.close();
        shared.close();
        loopbacks.forEach(LoopbackLlamaServer::close);
        if (llama != null) {
            llama.close();
        }
        dynamo.close();
    }
}
