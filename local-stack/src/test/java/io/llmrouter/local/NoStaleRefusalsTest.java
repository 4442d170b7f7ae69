package io.llmrouter.local;

import io.llmrouter.testing.llama.LlamaServerRig;
import io.llmrouter.testing.llama.TinyModels;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local stack as a new user runs it: one real llama-server, {@code healthCheckInterval: 2s}, every
 * other setting at its default (a 5 s snapshot refresh, stale after 3 intervals), real polling, and
 * requests over HTTP. For at least three minutes, sequential and then 64 concurrent clients: no
 * request is refused as stale. Then the cluster stops, and requests are refused within one poll interval.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NoStaleRefusalsTest {

    static final Duration POLL = Duration.ofSeconds(2);
    static final int SEQUENTIAL = Integer.getInteger("stale.sequential", 10_000);
    static final Duration AT_LEAST = Duration.ofSeconds(Long.getLong("stale.seconds", 190));
    static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":1}";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path work;
    static LlamaServerRig llama;
    static LocalDeployment stack;
    static URI chat;
    static long startedNanos;

    /** Answers by kind: "200", "503 stale", "503 other", "502", ... */
    final Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    final AtomicLong keptOnLiveEvidence = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        llama = LlamaServerRig.builder().model(TinyModels.TINY).servers(1).slots(4).contextSize(1024)
                .alias("tiny-random-llama").build().start();
        Path config = Files.writeString(work.resolve("router.yaml"), """
                router:
                  healthCheckInterval: 2s
                  maxQueueDepth: 1000   # 64 clients on 4 slots queue by design; only staleness is under test
                clusters:
                  - {name: gpu, endpoint: "%s", costPerHour: 0.09}
                """.formatted(llama.baseUri(0)));
        stack = LocalDeployment.start(config, work.resolve("stack")).serve(0, POLL, Duration.ofSeconds(10));
        chat = URI.create("http://127.0.0.1:" + stack.port() + "/v1/chat/completions");
        startedNanos = System.nanoTime();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (llama != null) {
            llama.close();
        }
    }

    @Test
    @Order(1)
    void tenThousandSequentialRequestsAreNeverRefusedAsStale() throws Exception {
        long began = System.nanoTime();
        for (int i = 0; i < SEQUENTIAL; i++) {
            send();
        }
        report("sequential", SEQUENTIAL, began);
        assertEquals(Map.of("200", (long) SEQUENTIAL), counts(), "every request answered");
    }

    @Test
    @Order(2)
    void sixtyFourConcurrentClientsAreNeverRefusedAsStaleForTheRestOfThreeMinutes() throws Exception {
        long began = System.nanoTime();
        // At least a minute of concurrency, and at least three minutes of polling in all.
        long until = Math.max(began + Duration.ofSeconds(60).toNanos(), startedNanos + AT_LEAST.toNanos());
        AtomicLong sent = new AtomicLong();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 64; c++) {
                clients.submit(() -> {
                    while (System.nanoTime() < until) {
                        send();
                        sent.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        report("64 concurrent", sent.get(), began);
        assertTrue(Duration.ofNanos(System.nanoTime() - startedNanos).compareTo(Duration.ofMinutes(3)) >= 0);
        assertEquals(Map.of("200", sent.get()), counts(), "every request answered");
    }

    @Test
    @Order(3)
    void aClusterThatStopsIsRefusedWithinOnePollInterval() throws Exception {
        llama.stop(0);
        long stopped = System.nanoTime();
        HttpResponse<String> answer;
        do {
            answer = post();
            Thread.sleep(50);
        } while (answer.statusCode() != 503 && System.nanoTime() - stopped < Duration.ofSeconds(30).toNanos());
        Duration refusedAfter = Duration.ofNanos(System.nanoTime() - stopped);
        System.out.printf("stopped cluster refused after %d ms: %s%n", refusedAfter.toMillis(), answer.body());

        assertEquals(503, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("no_healthy_target"), answer.body());
        assertTrue(refusedAfter.compareTo(POLL) <= 0, "refused after " + refusedAfter.toMillis() + " ms");
    }

    private void send() throws Exception {
        HttpResponse<String> answer = post();
        String kind = String.valueOf(answer.statusCode());
        if (answer.statusCode() == 503) {
            kind += answer.body().contains("stale") ? " stale" : " other: " + answer.body();
        }
        outcomes.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        if (answer.headers().firstValue("x-router-reason").orElse("").contains("live evidence")) {
            keptOnLiveEvidence.incrementAndGet();
        }
    }

    private static HttpResponse<String> post() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(chat).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        outcomes.forEach((kind, n) -> counts.put(kind, n.get()));
        return counts;
    }

    private void report(String phase, long requests, long beganNanos) {
        double seconds = (System.nanoTime() - beganNanos) / 1e9;
        System.out.printf("%s: %d requests in %.1f s, answers %s, kept on live evidence %d, polling for %.0f s%n",
                phase, requests, seconds, counts(), keptOnLiveEvidence.get(),
                (System.nanoTime() - startedNanos) / 1e9);
    }
}
