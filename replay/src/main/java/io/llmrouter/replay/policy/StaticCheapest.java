package io.llmrouter.replay.policy;

import io.llmrouter.replay.sim.Policy;
import io.llmrouter.replay.sim.World;
import io.llmrouter.replay.trace.TraceRequest;
import io.llmrouter.state.CostRecord;

import java.util.List;

/**
 * LiteLLM's cost-based routing: the target with the lowest list price ($/1K output tokens, as the first
 * cost-refresh priced it before anything was measured) whose context window fits the prompt, whatever its
 * load or health. Ties go to the first in config order. A choice that fails falls back on the premium provider.
 */
final class StaticCheapest implements Policy {

    private final String premium;

    StaticCheapest(World world) {
        this.premium = AlwaysPremium.premium(world);
    }

    @Override
    public List<String> choose(TraceRequest request, World world) {
        String best = null;
        double bestPrice = Double.POSITIVE_INFINITY;
        for (String target : world.targets()) {
            CostRecord price = world.listPrices().get(target);
            if (price != null && world.fits(target, request) && price.costPer1k() < bestPrice) {
                best = target;
                bestPrice = price.costPer1k();
            }
        }
        return Fallback.then(best, premium);
    }
}
