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
 * picks come from the replay's seed. A pick that fails falls back on the premium provider.
 */
final class RoundRobin implements Policy {

    private final Random random;
    private final String premium;

    RoundRobin(World world) {
        this.random = new Random(world.settings().seed());
        this.premium = AlwaysPremium.premium(world);
    }

    @Override
    public List<String> choose(TraceRequest request, World world) {
        List<String> fitting = new ArrayList<>();
        for (String target : world.targets()) {
            if (world.fits(target, request)) {
                fitting.add(target);
            }
        }
        return Fallback.then(fitting.isEmpty() ? null : fitting.get(random.nextInt(fitting.size())), premium);
    }
}
