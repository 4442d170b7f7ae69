package io.llmrouter.forward;

import io.llmrouter.config.SnapshotPublishing;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.BreakerState;
import io.llmrouter.state.BreakerState.Position;
import io.llmrouter.state.DynamoRoutingStateStore;
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
import java.util.Optional;

import static io.llmrouter.forward.CircuitBreakersTest.POLICY;
import static io.llmrouter.forward.CircuitBreakersTest.T0;
import static io.llmrouter.forward.CircuitBreakersTest.TIME_LEFT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With a published snapshot, instances read the breakers from a copy the pollers rewrite every round; the instance
 * that opens or closes a breaker publishes at once, so the others learn of it at their next refresh, as they do when
 * they read the records. Counting failures publishes nothing.
 */
class BreakerPublishingTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private static final int SHARDS = 3;

    private final MutableClock clock = new MutableClock(T0);
    private final ApiCallCounter calls = new ApiCallCounter();
    private DynamoDbClient client;
    private CircuitBreakers breakers;
    private DynamoRoutingStateStore otherInstance;

    @BeforeEach
    void deploy() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        StoreSettings settings = new StoreSettings(dynamo.tableName(), "breaker-publishing", Duration.ofSeconds(5),
                Duration.ofMinutes(5), Duration.ofHours(24), new SnapshotPublishing(SHARDS, Duration.ofSeconds(60)));
        client = dynamo.newClient(calls);
        breakers = new CircuitBreakers(new DynamoRoutingStateStore(client, settings, clock), POLICY, clock);
        otherInstance = new DynamoRoutingStateStore(dynamo.client(), settings, clock);
        otherInstance.publishSnapshot(); // the pollers' last round
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void openingAndClosingABreakerArePublishedCountingFailuresIsNot() {
        breakers.recordFailure("gpu-a", null);
        breakers.recordFailure("gpu-a", breakers.seenByThisInstance().get("gpu-a"));
        assertEquals(0, calls.count("Query"), "no publish while failures are only counted");
        assertEquals(Optional.empty(), otherInstance.loadSnapshot().breakerOf("gpu-a"));

        CircuitBreakers.Change third = breakers.recordFailure("gpu-a", breakers.seenByThisInstance().get("gpu-a"));

        assertEquals(CircuitBreakers.Change.OPENED, third);
        assertEquals(1, calls.count("Query"), "the records read once to publish");
        assertEquals(3 + SHARDS, calls.count("PutItem"), "three breaker writes, then every copy");
        assertEquals(Position.OPEN, otherInstance.loadSnapshot().breakerOf("gpu-a").orElseThrow().state());

        clock.advance(POLICY.cooldown().plusSeconds(1));
        BreakerState open = otherInstance.loadSnapshot().breakerOf("gpu-a").orElseThrow();
        assertEquals(Optional.empty(), breakers.admit("gpu-a", open, TIME_LEFT), "this request is the trial");
        CircuitBreakers.Change closed = breakers.recordSuccess("gpu-a", open);

        assertEquals(CircuitBreakers.Change.CLOSED, closed);
        assertEquals(Position.CLOSED, otherInstance.loadSnapshot().breakerOf("gpu-a").orElseThrow().state());
    }
}
