package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.forward.BreakerPolicy;
import io.llmrouter.forward.CircuitBreakers;
import io.llmrouter.forward.ForwardSettings;
import io.llmrouter.health.Fixtures;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.BreakerState.Position;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import io.llmrouter.testing.llama.LoopbackLlamaServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Half-open means one trial, across instances: three gateways, each assembled as a route-function
 * instance assembles it (its own DynamoDB client, snapshot cache, router and breakers), share the routing
 * state in DynamoDB Local and forward to one loopback upstream, configured as an OpenAI-compatible
 * provider. Its breaker is opened by three failed requests before each test; time is a test clock
 * (cool-down 30 s, doubled after a failed trial; snapshots reload every second).
 */
class HalfOpenTrialTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    static final ObjectMapper JSON = new ObjectMapper();
    /** Young by the wall clock: DynamoDB Local deletes items whose TTL has passed. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final int INSTANCES = 3;
    /** Budget and header timeout long enough that a trial held by the test never times out. */
    static final ForwardSettings FORWARDING = new ForwardSettings(Duration.ofSeconds(20), Duration.ofSeconds(15), 3);
    static final String CHAT = "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"max_tokens\":4}";

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private final List<RouterGateway> gateways = new ArrayList<>();
    private volatile int upstreamStatus = 500;
    /** The upstream answers nothing until this is released. */
    private volatile CountDownLatch upstreamHold = new CountDownLatch(0);
    private LoopbackLlamaServer upstream;
    private RouterConfig config;
    private DynamoRoutingStateStore reader;

    @BeforeEach
    void deployAndOpenTheBreaker() {
        upstream = LoopbackLlamaServer.http().on("/v1/chat/completions", exchange -> {
            upstreamCalls.incrementAndGet();
            awaitQuietly(upstreamHold);
            return upstreamStatus == 200
                    ? new LoopbackLlamaServer.Reply(200, LoopbackLlamaServer.JSON, Fixtures.llamaServer("chat-completion.json"))
                    : new LoopbackLlamaServer.Reply(upstreamStatus, LoopbackLlamaServer.JSON,
                            "{\"error\":{\"code\":500,\"message\":\"boom\",\"type\":\"server_error\"}}");
        });
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        config = ConfigLoader.fromYaml("""
                router: {adminKey: admin-secret}
                externalProviders:
                  - {name: api, type: openai, apiKey: sk-test, baseUrl: "%s/v1", defaultModel: gpt-4o-mini}
                store: {tableName: %s, snapshotRefresh: 1s}
                """.formatted(upstream.endpoint(), dynamo.tableName()), Map.of());
        reader = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
        for (int i = 0; i < INSTANCES; i++) {
            DynamoDbClient client = dynamo.newClient();
            clients.add(client);
            gateways.add(RouterGateway.assemble(config, new DynamoRoutingStateStore(client, config.store(), clock),
                    FORWARDING, clock));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(502, chat(0).status());
        }
        assertEquals(Position.OPEN, storedBreaker().state());
        upstreamCalls.set(0);
    }

    @AfterEach
    void stop() {
        upstreamHold.countDown();
        upstream.close();
        clients.forEach(DynamoDbClient::close);
    }

    @Test
    void afterTheCooldownConcurrentRequestsOnEveryInstanceSendOneTrialWhoseSuccessClosesTheBreakerForAll() {
        upstreamStatus = 200;
        clock.advance(Duration.ofSeconds(30));

        List<HttpAnswer> answers = burst(12);

        assertEquals(1, upstreamCalls.get(), "one trial went upstream");
        HttpAnswer trial = only(answers, 200);
        assertTrue(trial.headers().get("x-router-reason").endsWith("circuit breaker half-open: a trial is due"),
                trial.headers().toString());
        assertAllHeldBackByTheTrial(answers);
        assertEquals(Position.CLOSED, storedBreaker().state());

        clock.advance(Duration.ofSeconds(1)); // every instance reloads its snapshot
        for (int i = 0; i < INSTANCES; i++) {
            HttpAnswer answer = chat(i);
            assertEquals(200, answer.status(), answer.bodyText());
            assertEquals("closed", stateOfApi(i).path("breaker").asText());
        }
        assertEquals(1 + INSTANCES, upstreamCalls.get());
    }

    @Test
    void aFailedTrialReopensTheBreakerForTwiceTheCooldownOnEveryInstance() {
        clock.advance(Duration.ofSeconds(30));

        List<HttpAnswer> answers = burst(6);

        assertEquals(1, upstreamCalls.get(), "one trial went upstream");
        HttpAnswer trial = only(answers, 502);
        assertTrue(trial.bodyText().contains("api: HTTP 500"), trial.bodyText());
        assertAllHeldBackByTheTrial(answers);
        BreakerState reopened = storedBreaker();
        assertEquals(Position.OPEN, reopened.state());
        assertEquals(4, reopened.consecutiveFailures());
        assertEquals(clock.instant().plusSeconds(60), reopened.openUntil());

        clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < INSTANCES; i++) {
            HttpAnswer answer = chat(i);
            assertEquals(503, answer.status());
            assertTrue(answer.bodyText().contains(
                    "api: circuit breaker open after 4 consecutive failure(s), cooldown ends in 59 s"), answer.bodyText());
        }
        assertEquals(1, upstreamCalls.get());

        upstreamStatus = 200;
        clock.advance(Duration.ofSeconds(59));
        List<HttpAnswer> second = burst(6);
        assertEquals(2, upstreamCalls.get(), "the next trial is one request again");
        only(second, 200);
        assertAllHeldBackByTheTrial(second);
    }

    @Test
    void aClaimWhoseInstanceDiedLapsesAndThenLetsOneNewTrialThrough() {
        upstreamStatus = 200;
        clock.advance(Duration.ofSeconds(30));
        BreakerState claim = claimedByAnInstanceThatDies();

        for (int i = 0; i < INSTANCES; i++) {
            HttpAnswer answer = chat(i);
            assertEquals(503, answer.status());
            assertTrue(answer.bodyText().contains("api: circuit breaker half-open: a trial is under way, "
                    + "its claim lapses in 25 s"), answer.bodyText());
        }
        clock.set(claim.trialUntil().minusSeconds(1));
        assertEquals(503, chat(0).status(), "the claim holds until it lapses");
        assertEquals(0, upstreamCalls.get());

        clock.set(claim.trialUntil());
        List<HttpAnswer> answers = burst(6);

        assertEquals(1, upstreamCalls.get());
        only(answers, 200);
        assertAllHeldBackByTheTrial(answers);
        assertEquals(Position.CLOSED, storedBreaker().state());
    }

    @Test
    void theAdminViewAndHealthTellACoolingBreakerFromADueTrialAndFromATrialUnderWay() {
        clock.advance(Duration.ofSeconds(10));
        JsonNode cooling = stateOfApi(1);
        assertEquals("open", cooling.path("breaker").asText());
        assertFalse(cooling.path("healthy").asBoolean());
        assertEquals("circuit breaker open after 3 consecutive failure(s), cooldown ends in 20 s",
                cooling.path("reason").asText());

        clock.advance(Duration.ofSeconds(20));
        JsonNode due = stateOfApi(1);
        assertEquals("half_open", due.path("breaker").asText());
        assertTrue(due.path("healthy").asBoolean(), "the next request may try it");
        assertEquals("circuit breaker half-open: a trial is due", due.path("reason").asText());
        assertEquals(200, get(1, "/health").status());

        claimedByAnInstanceThatDies();
        clock.advance(Duration.ofSeconds(1));
        JsonNode underWay = stateOfApi(1);
        assertEquals("half_open", underWay.path("breaker").asText());
        assertFalse(underWay.path("healthy").asBoolean());
        assertEquals("circuit breaker half-open: a trial is under way, its claim lapses in 24 s",
                underWay.path("reason").asText());
        assertEquals(503, get(1, "/health").status(), "no provider can take a request now");
    }

    /**
     * {@code n} chat requests at once, spread over the instances. The upstream holds what it receives
     * until all requests but one have been answered, so the trial is still under way while the others
     * decide; had more than one request gone upstream, they would wait for their header timeout, fail,
     * and show in {@link #upstreamCalls}.
     */
    private List<HttpAnswer> burst(int n) {
        upstreamHold = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CompletionService<HttpAnswer> done = new ExecutorCompletionService<>(pool);
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int i = 0; i < n; i++) {
                int instance = i % INSTANCES;
                done.submit(() -> {
                    start.await();
                    return chat(instance);
                });
            }
            start.countDown();
            List<HttpAnswer> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (i == n - 1) {
                    upstreamHold.countDown();
                }
                Future<HttpAnswer> answered = done.poll(60, TimeUnit.SECONDS);
                if (answered == null) {
                    fail("only " + answers.size() + " of " + n + " requests were answered");
                }
                answers.add(answered.get());
            }
            return answers;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            upstreamHold.countDown();
            pool.shutdownNow();
        }
    }

    /** An instance claims the trial and dies before sending it: its claim is all it leaves behind. */
    private BreakerState claimedByAnInstanceThatDies() {
        CircuitBreakers doomed = new CircuitBreakers(new DynamoRoutingStateStore(dynamo.client(), config.store(), clock),
                BreakerPolicy.defaults(), clock);
        assertEquals(Optional.empty(), doomed.admit("api", storedBreaker(), FORWARDING.totalBudget()));
        BreakerState claim = storedBreaker();
        assertEquals(Position.HALF_OPEN, claim.state());
        return claim;
    }

    private static HttpAnswer only(List<HttpAnswer> answers, int status) {
        List<HttpAnswer> matching = answers.stream().filter(a -> a.status() == status).toList();
        assertEquals(1, matching.size(), () -> "statuses " + answers.stream().map(HttpAnswer::status).toList());
        return matching.get(0);
    }

    /** Every answer but the trial's is a 503 naming the trial under way, whether or not its instance tried to claim it. */
    private static void assertAllHeldBackByTheTrial(List<HttpAnswer> answers) {
        List<HttpAnswer> heldBack = answers.stream().filter(a -> a.status() == 503).toList();
        assertEquals(answers.size() - 1, heldBack.size(), () -> "statuses " + answers.stream().map(HttpAnswer::status).toList());
        for (HttpAnswer answer : heldBack) {
            assertEquals("no healthy target", answer.headers().get("x-router-reason"));
            assertTrue(answer.bodyText().contains("api: circuit breaker half-open: a trial is under way, its claim lapses in"),
                    answer.bodyText());
        }
    }

    private BreakerState storedBreaker() {
        return reader.loadSnapshot().breakerOf("api").orElseThrow();
    }

    private HttpAnswer chat(int instance) {
        return gateways.get(instance).handle(new HttpCall("POST", "/v1/chat/completions",
                Map.of("Content-Type", "application/json"), CHAT.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpAnswer get(int instance, String path) {
        return gateways.get(instance).handle(new HttpCall("GET", path, Map.of("Authorization", "Bearer admin-secret"),
                new byte[0]));
    }

    private JsonNode stateOfApi(int instance) {
        try {
            for (JsonNode target : JSON.readTree(get(instance, "/v1/router/state").body()).path("targets")) {
                if (target.path("name").asText().equals("api")) {
                    return target;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no target api in the state");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
