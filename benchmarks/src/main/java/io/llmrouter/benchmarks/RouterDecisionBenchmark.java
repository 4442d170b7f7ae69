package io.llmrouter.benchmarks;

import io.llmrouter.routing.RouteRequest;
import io.llmrouter.routing.Router;
import io.llmrouter.routing.RoutingDecision;
import io.llmrouter.state.RoutingSnapshot;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Time of one routing decision for {@code auto} (every target eligible) under the cost strategy with
 * hysteresis on: resolve, look up records, filter, estimate, sort, hysteresis.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar RouterDecision -wi 3 -i 5 -f 1}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RouterDecisionBenchmark {

    @Param({"3", "200"})
    int targets;

    private Router router;
    private RoutingSnapshot snapshot;
    private Instant now;
    private final RouteRequest request = new RouteRequest("auto", 1200, 400);

    @Setup
    public void setUp() {
        BenchmarkFleet fleet = BenchmarkFleet.of(targets);
        router = new Router(fleet.config());
        snapshot = fleet.snapshot();
        now = fleet.now();
        RoutingDecision decision = router.decide(request, snapshot, now);
        if (decision.outcome() != RoutingDecision.Outcome.ROUTED) {
            throw new IllegalStateException("the benchmark fleet must be routable: " + decision.summary());
        }
    }

    @Benchmark
    public RoutingDecision decide() {
        return router.decide(request, snapshot, now);
    }
}
