package io.llmrouter.forward;

import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.BreakerState.Position;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.RoutingSnapshot;
import io.llmrouter.state.RoutingStateStore;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The breakers of several route-function instances (each its own {@link CircuitBreakers}, store and
 * DynamoDB client) sharing one table in DynamoDB Local: the half-open trial goes to exactly one request,
 * its result opens or closes the breaker for all, and a claim lapses.
 */
class CircuitBreakersTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    /** Young by the wall clock: DynamoDB Local deletes items whose TTL has passed. */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    static final Duration TIME_LEFT = Duration.ofSeconds(20);
    static final BreakerPolicy POLICY = new BreakerPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(5));

    private final MutableClock clock = new MutableClock(T0);
    private final List<DynamoDbClient> clients = new ArrayList<>();
    private final List<ApiCallCounter> calls = new ArrayList<>();
    private DynamoRoutingStateStore reader;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        reader = new DynamoRoutingStateStore(dynamo.client(), settings(), clock);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(DynamoDbClient::close);
    }

    private StoreSettings settings() {
        return StoreSettings.defaults().withTable(dynamo.tableName());
    }

    /** A route-function instance's breakers, on a client of its own whose calls {@link #calls} counts. */
    private CircuitBreakers instance() {
        ApiCallCounter counter = new ApiCallCounter();
        DynamoDbClient client = dynamo.newClient(counter);
        clients.add(client);
        calls.add(counter);
        return new CircuitBreakers(new DynamoRoutingStateStore(client, settings(), clock), POLICY, clock);
    }

    /** Opens the breaker of {@code target} with three failures, as an instance seeing them would. */
    private BreakerState opened(String target) {
        CircuitBreakers opener = instance();
        for (int i = 0; i < 3; i++) {
            opener.recordFailure(target, stored(target));
        }
        BreakerState open = stored(target);
        assertEquals(Position.OPEN, open.state());
        return open;
    }

    private BreakerState stored(String target) {
        return reader.loadSnapshot().breakerOf(target).orElse(null);
    }

    @Test
    void aClosedBreakerAdmitsWithoutTouchingTheStore() {
        CircuitBreakers breakers = instance();

        assertEquals(Optional.empty(), breakers.admit("gpu", null, TIME_LEFT));
        assertEquals(Optional.empty(), breakers.admit("gpu", BreakerState.closed("gpu", T0), TIME_LEFT));
        assertEquals(Optional.empty(), breakers.admit("gpu",
                new BreakerState("gpu", Position.CLOSED, 2, null, T0, 2), TIME_LEFT));

        assertEquals(0, calls.get(0).total());
    }

    @Test
    void anOpenBreakerHoldsBackDuringItsCooldownWithoutTouchingTheStore() {
        BreakerState open = opened("gpu");
        CircuitBreakers breakers = instance();
        clock.advance(Duration.ofSeconds(29));

        Optional<String> held = breakers.admit("gpu", open, TIME_LEFT);

        assertEquals(Optional.of("circuit breaker open after 3 consecutive failure(s), cooldown ends in 1 s"), held);
        assertEquals(0, calls.get(1).total());
    }

    @Test
    void ofManyRequestsOnSeveralInstancesThatFindTheTrialDueExactlyOneIsSent() throws Exception {
        BreakerState open = opened("gpu");
        List<CircuitBreakers> instances = List.of(instance(), instance(), instance());
        clock.advance(Duration.ofSeconds(30));

        // Four requests per instance, all routed on the snapshot that shows the cool-down over.
        ExecutorService pool = Executors.newFixedThreadPool(12);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<String>>> admissions = new ArrayList<>();
        try {
            for (CircuitBreakers instance : instances) {
                for (int i = 0; i < 4; i++) {
                    admissions.add(pool.submit(() -> {
                        start.await();
                        return instance.admit("gpu", open, TIME_LEFT);
                    }));
                }
            }
            start.countDown();
            List<Optional<String>> outcomes = new ArrayList<>();
            for (Future<Optional<String>> admission : admissions) {
                outcomes.add(admission.get(30, TimeUnit.SECONDS));
            }

            assertEquals(1, outcomes.stream().filter(Optional::isEmpty).count(), outcomes.toString());
            for (Optional<String> outcome : outcomes) {
                outcome.ifPresent(why -> assertEquals(
                        "circuit breaker half-open: a trial is under way, its claim lapses in 25 s", why));
            }
        } finally {
            pool.shutdownNow();
        }
        BreakerState claim = stored("gpu");
        assertEquals(Position.HALF_OPEN, claim.state());
        assertEquals(open.version() + 1, claim.version());
        assertEquals(clock.instant().plus(TIME_LEFT).plus(BreakerPolicy.TRIAL_GRACE), claim.trialUntil());
        assertEquals(3, claim.consecutiveFailures());
    }

    @Test
    void anInstanceThatLostTheClaimHoldsBackItsNextRequestsWithoutAnotherWrite() {
        BreakerState open = opened("gpu");
        CircuitBreakers winner = instance();
        CircuitBreakers loser = instance();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), winner.admit("gpu", open, TIME_LEFT));

        assertTrue(loser.admit("gpu", open, TIME_LEFT).isPresent());
        int writesAfterLosing = calls.get(2).count("PutItem");
        assertTrue(loser.admit("gpu", open, TIME_LEFT).orElseThrow().contains("a trial is under way"));

        assertEquals(1, writesAfterLosing);
        assertEquals(writesAfterLosing, calls.get(2).count("PutItem"));
        assertEquals(Position.HALF_OPEN, loser.seenByThisInstance().get("gpu").state());
    }

    @Test
    void theTrialsSuccessClosesTheBreakerForEveryInstance() {
        BreakerState open = opened("gpu");
        CircuitBreakers trialist = instance();
        CircuitBreakers other = instance();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), trialist.admit("gpu", open, TIME_LEFT));
        clock.advance(Duration.ofSeconds(2));

        assertEquals(CircuitBreakers.Change.CLOSED, trialist.recordSuccess("gpu", open));

        BreakerState closed = stored("gpu");
        assertEquals(Position.CLOSED, closed.state());
        assertEquals(0, closed.consecutiveFailures());
        assertEquals(open.version() + 2, closed.version());
        assertEquals(Optional.empty(), other.admit("gpu", closed, TIME_LEFT));
    }

    @Test
    void theTrialsFailureReopensTheBreakerForTwiceTheCooldown() {
        BreakerState open = opened("gpu");
        CircuitBreakers trialist = instance();
        CircuitBreakers other = instance();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), trialist.admit("gpu", open, TIME_LEFT));
        clock.advance(Duration.ofSeconds(2));

        assertEquals(CircuitBreakers.Change.OPENED, trialist.recordFailure("gpu", open));

        BreakerState reopened = stored("gpu");
        assertEquals(Position.OPEN, reopened.state());
        assertEquals(4, reopened.consecutiveFailures());
        assertEquals(clock.instant().plusSeconds(60), reopened.openUntil());
        assertEquals(Optional.of("circuit breaker open after 4 consecutive failure(s), cooldown ends in 60 s"),
                other.admit("gpu", reopened, TIME_LEFT));

        clock.advance(Duration.ofSeconds(60));
        assertEquals(Optional.empty(), other.admit("gpu", reopened, TIME_LEFT), "the next trial is due");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(CircuitBreakers.Change.OPENED, other.recordFailure("gpu", reopened));
        assertEquals(clock.instant().plusSeconds(120), stored("gpu").openUntil());
    }

    @Test
    void aClaimWhoseInstanceDiedLapsesAndANewTrialMayBeClaimed() {
        BreakerState open = opened("gpu");
        CircuitBreakers died = instance();
        CircuitBreakers other = instance();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), died.admit("gpu", open, TIME_LEFT));
        BreakerState claim = stored("gpu");

        clock.set(claim.trialUntil().minusMillis(1));
        assertTrue(other.admit("gpu", claim, TIME_LEFT).isPresent(), "the claim still holds");
        clock.set(claim.trialUntil());
        assertEquals(Optional.empty(), other.admit("gpu", claim, TIME_LEFT));

        BreakerState second = stored("gpu");
        assertEquals(claim.version() + 1, second.version());
        assertEquals(clock.instant().plus(TIME_LEFT).plus(BreakerPolicy.TRIAL_GRACE), second.trialUntil());
    }

    @Test
    void theLateResultOfALapsedTrialIsDroppedAndTheNewTrialDecides() {
        BreakerState open = opened("gpu");
        CircuitBreakers late = instance();
        CircuitBreakers other = instance();
        clock.advance(Duration.ofSeconds(30));
        assertEquals(Optional.empty(), late.admit("gpu", open, TIME_LEFT));
        clock.set(stored("gpu").trialUntil());
        assertEquals(Optional.empty(), other.admit("gpu", stored("gpu"), TIME_LEFT));
        BreakerState secondClaim = stored("gpu");

        assertEquals(CircuitBreakers.Change.NONE, late.recordSuccess("gpu", open));

        assertEquals(secondClaim, stored("gpu"));
        assertEquals(CircuitBreakers.Change.OPENED, other.recordFailure("gpu", secondClaim));
        assertEquals(Position.OPEN, stored("gpu").state());
    }

    @Test
    void withoutTheStoreAnInstanceSendsOneTrialOfItsOwnAndHoldsBackTheRest() {
        BreakerState open = opened("gpu");
        StoreSettings missingTable = StoreSettings.defaults().withTable(dynamo.newTableName("never-created"));
        CircuitBreakers cutOff = new CircuitBreakers(new DynamoRoutingStateStore(dynamo.client(), missingTable, clock),
                POLICY, clock);
        clock.advance(Duration.ofSeconds(30));

        assertEquals(Optional.empty(), cutOff.admit("gpu", open, TIME_LEFT));
        Optional<String> next = cutOff.admit("gpu", open, TIME_LEFT);

        assertTrue(next.orElseThrow().contains("a trial is under way"), next.toString());
        assertFalse(cutOff.seenByThisInstance().get("gpu").trialDue(clock.instant()));
    }
    /**
     * Two requests of one instance fail on the same target at once: the first one's write lands, the second one's
     * lands on top of it, and only then does the first one's call return. What the instance remembers must be the
     * second write, or its next failure is computed on a version the store has passed, lost, and the breaker opens
     * a failure late.
     */
    @Test
    void aWriteThatReturnsLateDoesNotHideANewerOneOfThisInstance() throws Exception {
        SlowToReturn store = new SlowToReturn(new DynamoRoutingStateStore(dynamo.client(), settings(), clock));
        CircuitBreakers breakers = new CircuitBreakers(store, POLICY, clock);
        Thread first = Thread.ofPlatform().start(() -> breakers.recordFailure("gpu", null));
        assertTrue(store.written.await(10, TimeUnit.SECONDS));

        assertEquals(CircuitBreakers.Change.COUNTED, breakers.recordFailure("gpu", stored("gpu")));
        store.release.countDown();
        first.join();

        assertEquals(2, breakers.seenByThisInstance().get("gpu").version());
        // The third failure, routed on a snapshot loaded before any of them, opens the breaker.
        assertEquals(CircuitBreakers.Change.OPENED, breakers.recordFailure("gpu", null));
        assertEquals(Position.OPEN, stored("gpu").state());
    }

    /** A store whose first breaker write is made at once but returns only when {@link #release} is counted down. */
    static final class SlowToReturn implements RoutingStateStore {
        final CountDownLatch written = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicBoolean first = new AtomicBoolean(true);
        private final RoutingStateStore store;

        SlowToReturn(RoutingStateStore store) {
            this.store = store;
        }

        @Override
        public boolean putBreaker(BreakerState state, long expectedVersion) {
            boolean result = store.putBreaker(state, expectedVersion);
            if (first.getAndSet(false)) {
                written.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return result;
        }

        @Override
        public BreakerWrite putBreakerOrRead(BreakerState state, long expectedVersion) {
            return store.putBreakerOrRead(state, expectedVersion);
        }

        @Override
        public boolean putHealth(HealthRecord record) {
            return store.putHealth(record);
        }

        @Override
        public boolean putCost(CostRecord record) {
            return store.putCost(record);
        }

        @Override
        public RoutingSnapshot loadSnapshot() {
            return store.loadSnapshot();
        }
    }
}
