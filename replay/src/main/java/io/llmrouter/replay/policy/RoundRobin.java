package io.llmrouter.replay.policy;

import io.llmrouter.replay.sim.Policy;
import io.llmrouter.replay.sim.World;
import io.llmrouter.replay.trace.TraceRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * LiteLLM's default routing, simple shuffle: a target picked at random, all alike, among those whose
 * context window fits the prompt (LiteLLM's context-window check). Blind to price, load and health. The
 * picks come from the replay's seed.
 */
final class RoundRobin implements Policy {

    private final Random random;

    RoundRobin(World world) {
        this.random = new Random(world.settings().seed());
    }

    @Override
    public String choose(TraceRequest request, World world) {
        List<String> fitting = new ArrayList<>();
        for (String target : world.targets()) {
            if (world.fits(target, request)) {
                fitting.add(target);
            }
        }
        return fitting.isEmpty() ? null : fitting.get(random.nextInt(fitting.size()));
    }
}
