package io.llmrouter.batch;

import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.RoutingSnapshot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ItemExecutor} for runner tests: a fleet described by health records, and requests that always answer,
 * each on the cluster its placement names (or on {@value #CHEAPEST} when the runner asks for the cheapest target).
 * It remembers every placement and every body it ran.
 */
final class FakeTargets implements ItemExecutor {

    static final String CHEAPEST = "cheapest-provider";

    volatile RoutingSnapshot snapshot;
    final List<BatchPlacement.Choice> placements = Collections.synchronizedList(new ArrayList<>());
    final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    /** Past this many requests, each one throws, as a runner whose process dies mid-request never finishes it. */
    volatile int dieAfter = Integer.MAX_VALUE;
    /** True: no target can take a request now, wherever the runner places it. */
    volatile boolean nowhere;
    private final AtomicInteger started = new AtomicInteger();

    FakeTargets(HealthRecord... fleet) {
        this.snapshot = RoutingSnapshot.of(List.of(fleet), List.of(), List.of(), Instant.now());
    }

    /** A cluster that is up with {@code slots} slots, {@code busy} busy and {@code queued} waiting. */
    static HealthRecord cluster(String name, int slots, int busy, int queued) {
        return new HealthRecord(name, true, "ok", Instant.now(), 5L, 100.0, 500.0, null, null, busy, queued, busy,
                slots, 4096, List.of(), null);
    }

    @Override
    public RoutingSnapshot routingState() {
        return snapshot;
    }

    @Override
    public Outcome run(String caller, String body, BatchPlacement.Choice placement) {
        if (started.incrementAndGet() > dieAfter) {
            throw new Died();
        }
        placements.add(placement);
        if (nowhere) {
            return new Outcome.NotPlaced("no target can take it now");
        }
        String target = placement instanceof BatchPlacement.Choice.IdleCluster idle ? idle.target() : CHEAPEST;
        runs.computeIfAbsent(body, b -> new AtomicInteger()).incrementAndGet();
        String answer = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}}";
        return new Outcome.Done(new ItemResult(200, answer, target, target.equals(CHEAPEST) ? 0.001 : 0.0001, 0.002));
    }

    /** What a runner that dies mid-request leaves behind: a claimed item with no result. */
    static final class Died extends Error {
    }
}
