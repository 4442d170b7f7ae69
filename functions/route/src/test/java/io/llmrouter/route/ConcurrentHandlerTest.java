package io.llmrouter.route;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.metrics.RequestOutcome;
import io.llmrouter.route.concurrent.Answer;
import io.llmrouter.route.concurrent.BreakerWatch;
import io.llmrouter.route.concurrent.ChatCall;
import io.llmrouter.route.concurrent.CollectingSink;
import io.llmrouter.route.concurrent.EmfTally;
import io.llmrouter.route.concurrent.OutcomeTally;
import io.llmrouter.route.concurrent.RoutingStateFeed;
import io.llmrouter.spend.DynamoSpendStore;
import io.llmrouter.spend.SpendDimension;
import io.llmrouter.spend.SpendGranularity;
import io.llmrouter.spend.SpendLine;
import io.llmrouter.spend.SpendRollup;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.llama.InstantLlamaServer;
import io.llmrouter.testing.llama.InstantLlamaServer.Failure;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.utilslite.SdkInternalThreadLocal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One route handler, called by 64 threads at once, as Lambda Managed Instances call one handler instance from many
 * OS threads: 200,000 requests of every kind (answered whole, streamed to a sink, collected from a stream, refused)
 * while three clusters misbehave. {@code flaky} fails a few requests before their first byte, so the next candidate
 * answers them; {@code blinking} goes down for a while, again and again, so its breaker opens, its half-open trials
 * fail, and one finally closes it; the two trade prices every few seconds, so hysteresis switches; and the routing
 * state is rewritten in DynamoDB Local all along, with a short snapshot refresh, so the snapshot reloads under load.
 * One request in four comes with a stored API key that has a budget and rate limits, so its leases are taken and
 * settled from every thread.
 *
 * <p>What must hold: every request is answered exactly once, with the status its kind calls for, and no exception
 * leaves the handler; the router's own account (observers, EMF documents, spend roll-up) and the upstreams' counts
 * agree with what the clients got; and the breakers in the store keep to their rules.
 */
class ConcurrentHandlerTest {

    static final int THREADS = 64;
    static final int REQUESTS = Integer.getInteger("concurrent.requests", 200_000);
    /** {@code blinking} is down for one period in four, counted in requests started. */
    static final int DOWN_PERIOD = Math.max(1_000, REQUESTS / 16);
    /** One request in this many to {@code flaky} fails before its first byte. */
    static final int FLAKY_ONE_IN = 100;
    static final BreakerPolicy BREAKERS = new BreakerPolicy(3, Duration.ofMillis(500), Duration.ofSeconds(4));
    static final List<String> CLUSTERS = List.of("flaky", "blinking", "steady");
    static final Pattern KEPT_FOR = Pattern.compile("kept by hysteresis: .* for only (-?\\d+) s of the (\\d+) s holdTime");
    static final String ADMIN = "concurrent-admin-key";
    /** Bounds no request reaches: the key's leases are taken and settled, and nothing is refused. */
    static final int KEY_RPM = 1_000_000_000;
    static final String KEY = "{\"name\": \"load\", \"budget\": {\"usd\": 100000, \"period\": \"day\"},"
            + " \"limits\": {\"rpm\": " + KEY_RPM + ", \"tpm\": 2000000000}}";
    static final Pattern SWITCHED = Pattern.compile("switched from ([\\w-]+).*? for (-?\\d+) s \\(holdTime (\\d+) s\\)");

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    @TempDir
    Path dir;

    final AtomicInteger started = new AtomicInteger();
    final AtomicReferenceArray<Answer> answers = new AtomicReferenceArray<>(REQUESTS);
    final AtomicLong answeredTwice = new AtomicLong();
    final Queue<String> problems = new ConcurrentLinkedQueue<>();
    final AtomicLong problemCount = new AtomicLong();
    /** The stored key's {@code Authorization} header, sent with one request in four. */
    volatile String bearer;

    @Test
    void sixtyFourThreadsShareOneHandlerThroughFailoversBreakersAndSwitches() throws Exception {
        try (InstantLlamaServer flaky = InstantLlamaServer.start();
             InstantLlamaServer blinking = InstantLlamaServer.start();
             InstantLlamaServer steady = InstantLlamaServer.start();
             DynamoCallCounter calls = new DynamoCallCounter(dynamo.endpoint())) {
            flaky.misbehave(() -> ThreadLocalRandom.current().nextInt(FLAKY_ONE_IN) != 0 ? Failure.NONE
                    : ThreadLocalRandom.current().nextBoolean() ? Failure.SERVER_ERROR : Failure.STREAM_ENDS_BEFORE_FIRST_EVENT);
            blinking.misbehave(() -> (started.get() / DOWN_PERIOD) % 4 == 1 ? Failure.UNAVAILABLE : Failure.NONE);
            Map<String, InstantLlamaServer> upstreams = Map.of("flaky", flaky, "blinking", blinking, "steady", steady);

            String table = dynamo.tableName();
            StateTable.createIfMissing(dynamo.client(), table);
            StoreSettings storeSettings = StoreSettings.defaults().withTable(table);
            DynamoRoutingStateStore store = new DynamoRoutingStateStore(dynamo.client(), storeSettings);
            RoutingStateFeed feed = new RoutingStateFeed(store, List.of("flaky", "blinking"), "steady",
                    List.of(ChatCall.RequestBodies.SERVED_MODEL), Duration.ofSeconds(3));
            feed.writeOnce();
            BreakerWatch watch = new BreakerWatch(store, BREAKERS);
            Path config = Files.writeString(dir.resolve("router.yaml"), """
                    router: {routingStrategy: cost, adminKey: %s, hysteresis: {margin: 0.1, holdTime: 1s}}
                    clusters:
                      - {name: flaky, endpoint: "%s", costPerHour: 0.01}
                      - {name: blinking, endpoint: "%s", costPerHour: 0.01}
                      - {name: steady, endpoint: "%s", costPerHour: 0.04}
                    store: {tableName: %s, snapshotRefresh: 250ms}
                    """.formatted(ADMIN, flaky.endpoint(), blinking.endpoint(), steady.endpoint(), table));

            OutcomeTally outcomes = new OutcomeTally();
            EmfTally emf = new EmfTally();
            PrintStream stdout = System.out;
            ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
            Instant runStarted;
            long nanos;
            RouteHandler handler = new RouteHandler(ApplicationContext.builder()
                    .properties(Map.of(
                            "router.config", config.toString(),
                            "dynamodb.endpoint", calls.endpoint().toString(),
                            "metrics.publish", "true",
                            "forward.breaker-failures", String.valueOf(BREAKERS.failureThreshold()),
                            "forward.breaker-cooldown", BREAKERS.cooldown().toMillis() + "ms",
                            "forward.breaker-max-cooldown", BREAKERS.maxCooldown().toMillis() + "ms"))
                    .singletons(outcomes));
            try {
                bearer = "Bearer " + createKey(handler);
                background.scheduleWithFixedDelay(guarded("state feed", feed::writeOnce), 250, 250, TimeUnit.MILLISECONDS);
                background.scheduleWithFixedDelay(guarded("breaker watch", () -> watch.readOnce(CLUSTERS)),
                        100, 100, TimeUnit.MILLISECONDS);
                System.setOut(emf);
                runStarted = Instant.now();
                long t0 = System.nanoTime();
                runClients(handler);
                nanos = System.nanoTime() - t0;
            } finally {
                System.setOut(stdout);
                // Not shutdownNow(): a write interrupted halfway is not the router's failure. The rounds stop,
                // the one under way ends.
                background.shutdown();
                background.awaitTermination(30, TimeUnit.SECONDS);
                // Flushes the spend roll-up (its pre-destroy hook).
                handler.close();
            }
            watch.readOnce(CLUSTERS);

            Tally tally = tally();
            report(tally, nanos, feed, watch, calls, upstreams);

            // Every request answered exactly once, as its kind calls for, and no exception left the handler.
            assertEquals(List.of(), List.copyOf(problems), problemCount.get() + " problems");
            assertEquals(0, answeredTwice.get(), "requests answered twice");
            assertEquals(REQUESTS, tally.answers, "requests answered");

            // The router's own account of every request agrees with what its client got.
            assertEquals(0, outcomes.repeats(), "requests observed twice");
            assertEquals(0, outcomes.withoutId(), "requests observed without their id");
            assertEquals(REQUESTS + 1, outcomes.size(), "requests observed, and the key's creation");
            assertEquals(0, emf.repeats(), "requests with two EMF documents");
            assertEquals(0, emf.unreadable(), "EMF documents written into each other");
            assertEquals(REQUESTS, emf.size(), "requests with an EMF document");
            for (int i = 0; i < REQUESTS; i++) {
                String id = requestId(i);
                Answer answer = answers.get(i);
                RequestOutcome outcome = outcomes.of(id);
                EmfTally.Document document = emf.of(id);
                assertNotNull(outcome, id);
                assertNotNull(document, id);
                assertEquals(answer.status(), outcome.status(), id + " observed");
                assertEquals(answer.status(), document.status(), id + " in EMF");
                if (answer.status() == 200) {
                    assertEquals(answer.target(), outcome.target(), id + " observed");
                    assertEquals(answer.target(), document.target(), id + " in EMF");
                    assertEquals(outcome.attempts(), document.attempts(), id + " attempts in EMF");
                    assertEquals(outcome.failovers(), (int) document.failovers(), id + " failovers in EMF");
                }
            }
            assertEquals(tally.breakerOpensObserved(outcomes), tally.breakerOpensInEmf(emf), "breaker opens");

            // Each upstream's answers reached exactly one client each; every failed attempt was followed by another.
            for (String cluster : CLUSTERS) {
                assertEquals(upstreams.get(cluster).answered(), tally.byTarget.getOrDefault(cluster, 0L),
                        cluster + ": answers sent against answers received");
            }
            long failedUpstream = upstreams.values().stream().mapToLong(InstantLlamaServer::failed).sum();
            assertTrue(failedUpstream > 0 && failedUpstream <= tally.failovers,
                    failedUpstream + " failed attempts, " + tally.failovers + " failovers");

            // The spend roll-up counted each answered request once, under the target that answered it.
            Map<String, Long> spent = spentRequestsBy(SpendDimension.TARGET, storeSettings, runStarted);
            for (String cluster : CLUSTERS) {
                assertEquals(tally.byTarget.getOrDefault(cluster, 0L), spent.getOrDefault(cluster, 0L),
                        cluster + ": requests in the spend roll-up");
            }

            // One request in four came with the stored key: its leases never refused one, and the roll-up charged it
            // exactly its answered requests.
            Map<String, Long> byKey = spentRequestsBy(SpendDimension.KEY, storeSettings, runStarted);
            long keyed = tally.keyedAnswers;
            assertTrue(keyed > 0, "answers to the stored key");
            assertEquals(tally.answers200() - keyed, byKey.getOrDefault(SpendRollup.UNKEYED, 0L), "unkeyed requests spent");
            assertEquals(keyed, byKey.entrySet().stream().filter(e -> !e.getKey().equals(SpendRollup.UNKEYED))
                    .mapToLong(Map.Entry::getValue).sum(), "the stored key's requests spent");

            // Breakers: always within their rules; blinking's opened, was tried half-open, and closed again.
            assertEquals(List.of(), watch.violations(), "breakers read back from DynamoDB");
            assertTrue(watch.positionsOf("blinking").contains(BreakerState.Position.OPEN), "blinking's breaker opened");
            assertTrue(calls.countMentioning("\"half_open\"") > 0, "half-open trials were claimed");
            assertTrue(watch.positionsOf("blinking").contains(BreakerState.Position.CLOSED), "and closed again");
            assertTrue(tally.breakerOpensObserved(outcomes) > 0, "requests that opened a breaker");

            // Hysteresis: it switched as prices traded places, and every reason it gave is consistent.
            assertEquals(List.of(), tally.inconsistentReasons, "hysteresis reasons");
            assertTrue(tally.priceSwitches >= 2, tally.priceSwitches + " switches on price");
            assertTrue(tally.failovers > 0, "failovers");
        }
    }

    /** 64 OS threads, each taking the next request until all are sent. */
    void runClients(RouteHandler handler) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                running.add(threads.submit(() -> {
                    go.await();
                    for (int i = started.getAndIncrement(); i < REQUESTS; i = started.getAndIncrement()) {
                        call(handler, i);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : running) {
                future.get(10, TimeUnit.MINUTES);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** One invocation, as the runtime makes it: a new event and context, the trace id in the thread's context. */
    void call(RouteHandler handler, int index) {
        ChatCall kind = ChatCall.forIndex(index);
        String id = requestId(index);
        String authorization = keyed(index) ? bearer : null;
        SdkInternalThreadLocal.put("AWS_LAMBDA_X_TRACE_ID", "Root=1-" + Integer.toHexString(index) + "-0;Sampled=0");
        Answer answer;
        try {
            TestLambdaContext context = new TestLambdaContext("route", Duration.ofSeconds(29));
            if (kind == ChatCall.STREAM_TO_SINK) {
                CollectingSink sink = new CollectingSink();
                handler.stream(kind.event(id, authorization), context, sink);
                if (sink.heads() != 1) {
                    problem(id + ": " + sink.heads() + " heads written");
                }
                answer = Answer.of(sink.status(), sink.headers(), sink.body());
            } else {
                APIGatewayV2HTTPResponse response = handler.handleRequest(kind.event(id, authorization), context);
                answer = Answer.of(response.getStatusCode(), response.getHeaders(), response.getBody());
            }
        } catch (Throwable escaped) {
            problem(id + ": " + escaped + " escaped the handler");
            answer = new Answer(-1, null, 0, null, null, "");
        } finally {
            SdkInternalThreadLocal.remove("AWS_LAMBDA_X_TRACE_ID");
        }
        if (!answers.compareAndSet(index, null, answer)) {
            answeredTwice.incrementAndGet();
        }
        check(kind, id, answer, authorization != null);
    }

    void check(ChatCall kind, String id, Answer answer, boolean keyed) {
        if (answer.status() != kind.status) {
            problem(id + " (" + kind + "): status " + answer.status() + ", expected " + kind.status + ": "
                    + answer.body());
            return;
        }
        if (!kind.answered()) {
            return;
        }
        if (!CLUSTERS.contains(answer.target()) || answer.attempts() < 1 || answer.attempts() > 3) {
            problem(id + ": answered by " + answer.target() + " after " + answer.attempts() + " attempts");
        }
        boolean whole = kind.streamed() ? answer.body().contains("data: [DONE]")
                : answer.body().contains("\"chat.completion\"") && answer.body().contains("Hello! How can I help");
        if (!whole) {
            problem(id + " (" + kind + "): incomplete answer: " + answer.body());
        }
        if (keyed != String.valueOf(KEY_RPM).equals(answer.rateLimit())) {
            problem(id + ": rate limit header " + answer.rateLimit() + (keyed ? " on" : " without") + " the stored key");
        }
    }

    /** One block of 16 requests (every kind) in four comes with the stored key. */
    static boolean keyed(int index) {
        return (index / 16) % 4 == 0;
    }

    String createKey(RouteHandler handler) throws Exception {
        APIGatewayV2HTTPEvent event = ChatCall.BUFFERED.event("create-key", "Bearer " + ADMIN);
        event.setRawPath("/v1/router/keys");
        event.getRequestContext().getHttp().setPath("/v1/router/keys");
        event.setBody(KEY);
        APIGatewayV2HTTPResponse created = handler.handleRequest(event, new TestLambdaContext("route", Duration.ofSeconds(29)));
        assertEquals(201, created.getStatusCode(), created.getBody());
        return new ObjectMapper().readTree(created.getBody()).path("secret").asText();
    }

    void problem(String what) {
        if (problemCount.incrementAndGet() <= 20) {
            problems.add(what);
        }
    }

    static String requestId(int index) {
        return "req-" + index;
    }

    Runnable guarded(String name, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                problem(name + " failed: " + e);
            }
        };
    }

    /** What the clients got, added up. */
    static final class Tally {
        long answers;
        long failovers;
        long priceSwitches;
        long keyedAnswers;
        final Map<Integer, Long> byStatus = new TreeMap<>();
        final Map<String, Long> byTarget = new TreeMap<>();
        final Map<ChatCall, Long> byKind = new TreeMap<>();
        final List<String> inconsistentReasons = new ArrayList<>();

        long answers200() {
            return byStatus.getOrDefault(200, 0L);
        }

        long breakerOpensObserved(OutcomeTally outcomes) {
            long opens = 0;
            for (int i = 0; i < REQUESTS; i++) {
                opens += outcomes.of(requestId(i)).breakerOpens();
            }
            return opens;
        }

        long breakerOpensInEmf(EmfTally emf) {
            long opens = 0;
            for (int i = 0; i < REQUESTS; i++) {
                opens += (long) emf.of(requestId(i)).breakerOpens();
            }
            return opens;
        }
    }

    Tally tally() {
        Tally tally = new Tally();
        for (int i = 0; i < REQUESTS; i++) {
            Answer answer = answers.get(i);
            if (answer == null) {
                continue;
            }
            tally.answers++;
            tally.byStatus.merge(answer.status(), 1L, Long::sum);
            tally.byKind.merge(ChatCall.forIndex(i), 1L, Long::sum);
            if (answer.status() != 200) {
                continue;
            }
            tally.byTarget.merge(answer.target(), 1L, Long::sum);
            tally.keyedAnswers += keyed(i) ? 1 : 0;
            tally.failovers += Math.max(0, answer.attempts() - 1);
            checkReason(tally, requestId(i), answer);
        }
        return tally;
    }

    /** A reason must name real targets and times within the hold time's rules; a switch names where it came from. */
    static void checkReason(Tally tally, String id, Answer answer) {
        String reason = answer.reason();
        if (reason == null || reason.isBlank()) {
            tally.inconsistentReasons.add(id + ": no reason");
            return;
        }
        Matcher kept = KEPT_FOR.matcher(reason);
        if (kept.find() && (Long.parseLong(kept.group(1)) < 0 || Long.parseLong(kept.group(1)) > Long.parseLong(kept.group(2)))) {
            tally.inconsistentReasons.add(id + ": held outside the hold time: " + reason);
        }
        Matcher switched = SWITCHED.matcher(reason);
        if (switched.find()) {
            tally.priceSwitches++;
            String from = switched.group(1);
            if (!CLUSTERS.contains(from) || Long.parseLong(switched.group(2)) < Long.parseLong(switched.group(3))) {
                tally.inconsistentReasons.add(id + ": switched from " + from + " too soon: " + reason);
            }
        }
    }

    /** Requests per value of {@code dimension} in the spend roll-up's daily buckets since the run started. */
    static Map<String, Long> spentRequestsBy(SpendDimension dimension, StoreSettings settings, Instant since) {
        Map<String, Long> requests = new ConcurrentHashMap<>();
        DynamoSpendStore spend = new DynamoSpendStore(dynamo.client(), settings);
        Instant first = SpendGranularity.DAY.bucketStart(since);
        Instant last = SpendGranularity.DAY.bucketStart(Instant.now());
        for (SpendLine line : spend.read(SpendGranularity.DAY, dimension, first, last)) {
            requests.merge(line.key().value(), line.amount().requests(), Long::sum);
        }
        return requests;
    }

    static void report(Tally tally, long nanos, RoutingStateFeed feed, BreakerWatch watch, DynamoCallCounter calls,
                       Map<String, InstantLlamaServer> upstreams) {
        double seconds = nanos / 1e9;
        StringBuilder upstreamCounts = new StringBuilder();
        upstreams.forEach((name, server) -> upstreamCounts.append(' ').append(name).append('=')
                .append(server.answered()).append('/').append(server.failed()));
        System.out.printf(java.util.Locale.ROOT, "concurrent run: %d requests on %d threads in %.1f s (%.0f requests/s)%n"
                        + "  by status %s, by kind %s%n  answered by target %s, to the stored key %d, failovers %d, "
                        + "price switches %d%n"
                        + "  upstream answered/failed:%s%n  state feed rounds %d, cost flips %d; breaker reads %d, "
                        + "last blinking %s; DynamoDB calls through the router: %s%n",
                tally.answers, THREADS, seconds, tally.answers / seconds, tally.byStatus, tally.byKind, tally.byTarget,
                tally.keyedAnswers, tally.failovers, tally.priceSwitches, upstreamCounts, feed.rounds(), feed.flips(), watch.reads(),
                watch.lastOf("blinking"), Map.of("Query", calls.count("Query"), "PutItem", calls.count("PutItem"),
                        "TransactWriteItems", calls.count("TransactWriteItems"), "UpdateItem", calls.count("UpdateItem"),
                        "GetItem", calls.count("GetItem"), "limit calls", calls.countMentioning("limits#"),
                        "half-open claims", calls.countMentioning("\"half_open\"")));
    }
}
