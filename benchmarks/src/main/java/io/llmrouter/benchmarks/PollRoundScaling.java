package io.llmrouter.benchmarks;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterAuth;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.SnapshotPublishing;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.health.ClusterProbe;
import io.llmrouter.health.HealthPoller;
import io.llmrouter.health.HealthProbe;
import io.llmrouter.health.HealthTransitionPublisher;
import io.llmrouter.health.ProbeClients;
import io.llmrouter.health.ProbeTimeouts;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.llama.LoopbackLlamaServer;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A health-poller round over a large fleet, against the round's own slowest probe: does the round cost what its
 * slowest cluster costs (probes truly in parallel), plus the writes?
 *
 * <p>The fleet is one loopback server answering as llama-server v0.5.0 (captured bodies) for every cluster under a
 * path prefix of its own ({@code http://127.0.0.1:port/c17/health}, as clusters behind one reverse proxy), each
 * request after {@code delayMs}, on a virtual thread: the fleet's side costs little, so the numbers are the
 * poller's. A probe asks {@code /health}, then {@code /metrics}, {@code /slots} and {@code /v1/models} at once, so
 * one probe takes at least two delays. The poller runs as the health-poller function does: one shared HTTP client
 * ({@link ProbeClients}), records written with {@code putHealth(List)} (100 per TransactWriteItems) to DynamoDB
 * Local, then the state published to 8 shard copies. Each round reports its wall time, its slowest probe (timed
 * around each {@link ClusterProbe#probe()}), and the ratio.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.llmrouter.benchmarks.PollRoundScaling
 * [clusters=200,2000] [delayMs=20] [rounds=15]}
 */
public final class PollRoundScaling {

    private PollRoundScaling() {
    }

    public static void main(String[] args) throws Exception {
        // The fleet's one server keeps every probe connection open between rounds, as 2,000 real servers would.
        System.setProperty("sun.net.httpserver.maxIdleConnections", "100000");
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int[] fleets = Arrays.stream((args.length > 0 ? args[0] : "200,2000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int delayMs = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        try (LocalDynamoServer dynamo = LocalDynamoServer.start();
             LoopbackLlamaServer fleetServer = LoopbackLlamaServer.httpOnVirtualThreads();
             ProbeClients clients = new ProbeClients(ProbeTimeouts.defaults())) {
            StateTable.createIfMissing(dynamo.client(), "poll-round");
            fleetServer.guardedBy(exchange -> {
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
            System.out.printf(Locale.ROOT, "each request answered after %d ms; %d rounds after 3 warm-up rounds%n",
                    delayMs, rounds);
            System.out.println("| clusters | round p50 | round max | slowest probe p50 | probing / slowest probe "
                    + "| writes + publish p50 | CPU per round p50 (poller, fleet and DynamoDB Local) |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
            for (int size : fleets) {
                run(size, rounds, fleetServer, clients, dynamo);
            }
        }
        System.exit(0);
    }

    private static void run(int size, int rounds, LoopbackLlamaServer fleetServer, ProbeClients clients,
                            LocalDynamoServer dynamo) throws InterruptedException {
        List<ClusterConfig> clusters = new ArrayList<>();
        Map<String, ClusterProbe> probes = new HashMap<>();
        for (int i = 0; i < size; i++) {
            String prefix = "/f" + size + "c" + i;
            fleetServer.servingBusyCluster(prefix);
            ClusterConfig cluster = new ClusterConfig("c" + i, URI.create(fleetServer.endpoint() + prefix), "local",
                    CloudProvider.AWS, 0.09, null, null, List.of(), null, ClusterAuth.none());
            clusters.add(cluster);
            probes.put(cluster.name(), ClusterProbe.forCluster(cluster, ProbeTimeouts.defaults(), Clock.systemUTC(),
                    clients));
        }
        AtomicLong slowestNanos = new AtomicLong();
        AtomicLong lastProbeDone = new AtomicLong();
        HealthProbe timed = cluster -> {
            long start = System.nanoTime();
            HealthRecord record = probes.get(cluster.name()).probe();
            long end = System.nanoTime();
            slowestNanos.accumulateAndGet(end - start, Math::max);
            lastProbeDone.accumulateAndGet(end, Math::max);
            return record;
        };
        StoreSettings settings = new StoreSettings("poll-round", "fleet-" + size, Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofHours(24), new SnapshotPublishing(8, Duration.ofSeconds(60)));
        var store = new DynamoRoutingStateStore(dynamo.client(), settings);
        try (HealthPoller poller = new HealthPoller(clusters, timed, store, HealthTransitionPublisher.NONE,
                Duration.ofSeconds(10), Clock.systemUTC())) {
            double[] round = new double[rounds];
            double[] slowest = new double[rounds];
            double[] writes = new double[rounds];
            double[] probingOverSlowest = new double[rounds];
            double[] cpu = new double[rounds];
            var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean();
            for (int i = -3; i < rounds; i++) {
                slowestNanos.set(0);
                long cpuBefore = os.getProcessCpuTime();
                long start = System.nanoTime();
                HealthPoller.Round done = poller.pollOnce();
                long end = System.nanoTime();
                if (done.upCount() != size) {
                    throw new IllegalStateException((size - done.upCount()) + " clusters were down during the run");
                }
                if (i >= 0) {
                    round[i] = (end - start) / 1e6;
                    slowest[i] = slowestNanos.get() / 1e6;
                    writes[i] = (end - lastProbeDone.get()) / 1e6;
                    probingOverSlowest[i] = (lastProbeDone.get() - start) / (double) slowestNanos.get();
                    cpu[i] = (os.getProcessCpuTime() - cpuBefore) / 1e6;
                }
            }
            Arrays.sort(round);
            Arrays.sort(slowest);
            Arrays.sort(writes);
            Arrays.sort(probingOverSlowest);
            Arrays.sort(cpu);
            System.out.printf(Locale.ROOT, "| %,d | %.0f ms | %.0f ms | %.0f ms | %.2f | %.0f ms | %.0f ms |%n", size,
                    median(round), round[rounds - 1], median(slowest), median(probingOverSlowest), median(writes),
                    median(cpu));
        }
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }
}
