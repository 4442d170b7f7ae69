package io.llmrouter.limits;

import io.llmrouter.config.Budget;
import io.llmrouter.config.BudgetPeriod;
import io.llmrouter.config.LimitSettings;
import io.llmrouter.config.RateLimits;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.ApiCallCounter;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Leases of budgets and rate limits on the real engine, several limiters standing for several instances. */
class LimiterTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    /**
     * Five seconds into the current minute. Not a fixed date: DynamoDB Local deletes items whose {@code ttl} has
     * passed, as DynamoDB does, and counters of a long-gone period would vanish mid-test.
     */
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(5);
    static final String TODAY = T0.toString().substring(0, 10);

    final MutableClock clock = new MutableClock(T0);
    final ApiCallCounter calls = new ApiCallCounter();
    StoreSettings settings;
    DynamoDbClient counted;

    @BeforeEach
    void createTable() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        settings = new StoreSettings(dynamo.tableName(), "p1", Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofHours(24));
        counted = dynamo.newClient(calls);
    }

    Limiter limiter(LimitSettings limits) {
        return new Limiter(limits, new DynamoLimitStore(counted, settings), clock);
    }

    static ApiKey key(String team, Budget budget, RateLimits limits) {
        String secret = KeySecrets.newSecret();
        return new ApiKey(KeySecrets.idOf(secret), KeySecrets.sha256Hex(secret), "test", team, Map.of(), List.of(), List.of(), budget,
                limits, null, T0, null);
    }

    @Test
    void aKeyWithoutLimitsCostsNoCall() {
        Limiter limiter = limiter(LimitSettings.NONE);
        ApiKey key = key("research", null, null);
        for (int i = 0; i < 100; i++) {
            Admission admission = limiter.admit(key, 0.01, 500);
            assertEquals(Admission.UNLIMITED, admission);
            limiter.settle((Admission.Admitted) admission, 0.01, 500L, true);
        }
        assertEquals(0, calls.total());
        assertEquals(Admission.UNLIMITED, limiter.admit(null, 0.01, 500));
    }

    @Test
    void aBudgetIsLeasedInSlicesNotPerRequest() {
        Limiter limiter = limiter(LimitSettings.NONE);
        ApiKey key = key(null, new Budget(100, BudgetPeriod.DAY), null);
        for (int i = 0; i < 1_000; i++) {
            Admission.Admitted admitted = assertInstanceOf(Admission.Admitted.class, limiter.admit(key, 0.002, 500));
            limiter.settle(admitted, 0.0015, 400L, true);
        }
        assertTrue(calls.total() <= 1_000 / 20, "DynamoDB calls for 1,000 requests: " + calls.total());
        assertTrue(calls.total() >= 1, "the budget is leased from the shared counter");
    }

    @Test
    void instancesSharingABudgetStopAtItAndSettleWhatTheySpent() {
        List<Limiter> instances = List.of(limiter(LimitSettings.NONE), limiter(LimitSettings.NONE),
                limiter(LimitSettings.NONE));
        ApiKey key = key(null, new Budget(1, BudgetPeriod.DAY), null);
        double spent = 0;
        int refusedInARow = 0;
        for (int i = 0; refusedInARow < 3 && i < 10_000; i++) {
            Limiter limiter = instances.get(i % 3);
            Admission admission = limiter.admit(key, 0.002, 500);
            if (admission instanceof Admission.Refused r) {
                assertEquals(Admission.Limit.KEY_BUDGET, r.limit());
                assertTrue(r.message().contains("$1.00 per day"), r.message());
                refusedInARow++;
                continue;
            }
            refusedInARow = 0;
            // Each request costs a little less than it reserved, as one with max_tokens does.
            limiter.settle((Admission.Admitted) admission, 0.0018, 450L, true);
            spent += 0.0018;
        }
        assertTrue(spent <= 1.0, "spent " + spent);
        // What stays unspent is what the instances hold in slices too small for a request: < 3 reservations.
        assertTrue(spent >= 1.0 - 3 * 0.002, "spent " + spent);
    }

    @Test
    void aRequestThatCostMoreThanItReservedIsRecordedAsDebtAndCountedAgainstTheBudget() {
        Limiter limiter = limiter(LimitSettings.NONE);
        ApiKey key = key(null, new Budget(1, BudgetPeriod.DAY), null);
        double spent = 0;
        Admission admission;
        while ((admission = limiter.admit(key, 0.01, 500)) instanceof Admission.Admitted admitted) {
            limiter.settle(admitted, 0.02, 900L, true); // twice the reservation each time
            spent += 0.02;
        }
        // The counter knows every dollar: the leases cover half, the debts the rest.
        double leased = budgetItem(key, TODAY).get("leased");
        // Leased: what was spent, and the unused rest of the last slice, less than one reservation.
        assertTrue(leased >= spent - 1e-9 && leased < spent + 0.01, "leased " + leased + ", spent " + spent);
        assertTrue(spent <= 1.0 + 0.02 + 1e-9, "overspend is bounded by the last request's debt: " + spent);
    }

    @Test
    void aTeamBudgetIsSharedByItsKeys() {
        LimitSettings limits = new LimitSettings(0.8, Map.of(),
                Map.of("research", new LimitSettings.TeamBudget(new Budget(0.5, BudgetPeriod.MONTH), null)));
        Limiter limiter = limiter(limits);
        ApiKey first = key("research", null, null);
        ApiKey second = key("research", null, null);
        int admitted = 0;
        Admission last = null;
        for (int i = 0; i < 1_000; i++) {
            last = limiter.admit(i % 2 == 0 ? first : second, 0.01, 500);
            if (last instanceof Admission.Admitted a) {
                limiter.settle(a, 0.01, 500L, true);
                admitted++;
            } else {
                break;
            }
        }
        assertEquals(50, admitted);
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, last);
        assertEquals(Admission.Limit.TEAM_BUDGET, refused.limit());
        assertTrue(refused.message().contains("team 'research'"), refused.message());
        String nextMonth = LocalDate.ofInstant(T0, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1) + "T00:00:00Z";
        assertTrue(refused.message().contains(nextMonth), "says when it starts again: " + refused.message());
    }

    @Test
    void pastDowngradeAtTheRequestIsToldToGoEconomyFirst() {
        Limiter limiter = limiter(new LimitSettings(0.5, Map.of(), Map.of()));
        ApiKey key = key(null, new Budget(1, BudgetPeriod.DAY), null);
        String economy = null;
        int requests = 0;
        while (economy == null && requests < 1_000) {
            Admission.Admitted admitted = assertInstanceOf(Admission.Admitted.class, limiter.admit(key, 0.01, 500));
            limiter.settle(admitted, 0.01, 500L, true);
            economy = admitted.economyFirst();
            requests++;
        }
        assertNotNull(economy);
        assertTrue(economy.contains("this key has spent"), economy);
        // Half of the budget, give or take the instance's unused slice.
        assertTrue(requests >= 40 && requests <= 60, "economy first after " + requests + " requests");
    }

    @Test
    void aRateLimitHoldsAcrossInstancesWithinTheMinuteAndStartsAgainInTheNext() {
        List<Limiter> instances = List.of(limiter(LimitSettings.NONE), limiter(LimitSettings.NONE),
                limiter(LimitSettings.NONE), limiter(LimitSettings.NONE));
        ApiKey key = key(null, null, new RateLimits(100, null));
        int admitted = 0;
        Admission.Refused refused = null;
        for (int i = 0; i < 400; i++) {
            Admission admission = instances.get(i % 4).admit(key, 0, 10);
            if (admission instanceof Admission.Admitted a) {
                admitted++;
                assertEquals("100", a.headers().get("x-ratelimit-limit-requests"));
                instances.get(i % 4).settle(a, 0.0, 10L, true);
            } else {
                refused = (Admission.Refused) admission;
            }
        }
        assertTrue(admitted <= 100, "admitted " + admitted);
        assertTrue(admitted >= 90, "instances holding unused requests leave little of the minute unused: " + admitted);
        assertNotNull(refused);
        assertEquals(Admission.Limit.REQUESTS_PER_MINUTE, refused.limit());
        assertEquals(Duration.ofSeconds(55), refused.retryAfter(), "until the minute ends");
        assertEquals("55s", refused.headers().get("x-ratelimit-reset-requests"));

        clock.advance(Duration.ofSeconds(60));
        assertInstanceOf(Admission.Admitted.class, instances.get(0).admit(key, 0, 10));
    }

    @Test
    void aTokenLimitCountsPromptAndMaxTokensAndGivesBackWhatWasNotUsed() {
        Limiter limiter = limiter(LimitSettings.NONE);
        ApiKey key = key(null, null, new RateLimits(null, 10_000));
        int admitted = 0;
        Admission admission;
        while ((admission = limiter.admit(key, 0, 1_000)) instanceof Admission.Admitted a) {
            limiter.settle(a, 0.0, 500L, true); // used half of what it reserved
            admitted++;
            if (admitted > 100) {
                break;
            }
        }
        assertTrue(admitted >= 15 && admitted <= 20, "10,000 tokens at 500 used per request: " + admitted);
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, admission);
        assertEquals(Admission.Limit.TOKENS_PER_MINUTE, refused.limit());
        assertTrue(refused.message().contains("tokens per minute (TPM): limit 10000"), refused.message());
    }

    @Test
    void aRefusedBudgetGivesBackTheRequestItsRateLimitHadTaken() {
        Limiter limiter = limiter(LimitSettings.NONE);
        ApiKey key = key(null, new Budget(0.01, BudgetPeriod.TOTAL), new RateLimits(1_000, null));
        Admission.Admitted first = assertInstanceOf(Admission.Admitted.class, limiter.admit(key, 0.01, 10));
        limiter.settle(first, 0.01, 10L, true);
        Admission.Refused refused = assertInstanceOf(Admission.Refused.class, limiter.admit(key, 0.01, 10));
        assertEquals(Admission.Limit.KEY_BUDGET, refused.limit());
        assertEquals("999", refused.headers().get("x-ratelimit-remaining-requests"));
    }

    @Test
    void whenTheCountersCannotBeReachedWhatTheRequestHadTakenGoesBack() {
        LimitStore real = new DynamoLimitStore(counted, settings);
        boolean[] down = {false};
        LimitStore flaky = new LimitStore() {
            @Override
            public BudgetGrant leaseBudget(String subject, String period, double limit, double lease, double debt,
                                           double settle, Instant expiresAt) {
                if (down[0]) {
                    throw new io.llmrouter.state.RoutingStateUnavailableException("unreachable", new RuntimeException());
                }
                return real.leaseBudget(subject, period, limit, lease, debt, settle, expiresAt);
            }

            @Override
            public RateGrant leaseRate(String subject, long window, Integer rpm, Integer tpm, long requests,
                                       long tokens, Instant expiresAt) {
                return real.leaseRate(subject, window, rpm, tpm, requests, tokens, expiresAt);
            }
        };
        Limiter limiter = new Limiter(LimitSettings.NONE, flaky, clock);
        ApiKey key = key(null, new Budget(1, BudgetPeriod.DAY), new RateLimits(1_000, null));
        Admission.Admitted first = assertInstanceOf(Admission.Admitted.class, limiter.admit(key, 0.01, 10));
        limiter.settle(first, 0.01, 10L, true);
        String remaining = first.headers().get("x-ratelimit-remaining-requests");

        down[0] = true;
        // A reservation bigger than the leased slice needs a lease, which fails.
        assertThrows(io.llmrouter.state.RoutingStateUnavailableException.class, () -> limiter.admit(key, 0.9, 10));
        assertEquals(remaining, limiter.rateHeaders(key).get("x-ratelimit-remaining-requests"),
                "the request it took from the minute went back");
    }

    @Test
    void aTargetAtItsLimitIsFullUntilTheNextMinute() {
        Limiter limiter = limiter(new LimitSettings(0.8, Map.of("openai", new RateLimits(3, null)), Map.of()));
        assertEquals(Optional.empty(), limiter.takeTarget("openai", 100));
        assertEquals(Optional.empty(), limiter.takeTarget("openai", 100));
        assertEquals(Optional.empty(), limiter.takeTarget("openai", 100));
        assertEquals(Optional.of("at its limit of 3 requests per minute"), limiter.takeTarget("openai", 100));
        assertEquals(Optional.empty(), limiter.takeTarget("anthropic", 100), "a target without limits is never full");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(Optional.empty(), limiter.takeTarget("openai", 100));
    }

    private Map<String, Double> budgetItem(ApiKey key, String period) {
        Map<String, AttributeValue> item = dynamo.client().getItem(b -> b.tableName(dynamo.tableName()).key(Map.of(
                StateTable.PARTITION_KEY, AttributeValue.fromS(StateTable.limitsPartitionKey("p1")),
                StateTable.SORT_KEY, AttributeValue.fromS("budget#key#" + key.id() + "#" + period)))).item();
        Map<String, Double> numbers = new java.util.HashMap<>();
        item.forEach((name, value) -> {
            if (value.n() != null) {
                numbers.put(name, Double.parseDouble(value.n()));
            }
        });
        return numbers;
    }
}
