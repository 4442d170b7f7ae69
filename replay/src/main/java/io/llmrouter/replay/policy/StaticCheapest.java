package io.llmrouter.replay.policy;

import io.llmrouter.replay.sim.Policy;
import io.llmrouter.replay.sim.World;
import io.llmrouter.replay.trace.TraceRequest;
import io.llmrouter.state.CostRecord;

/**
 * LiteLLM's cost-based routing: the target with the lowest list price ($/1K output tokens, as the first
 * cost-refresh priced it before anything was measured) whose context window fits the prompt, whatever its
 * load or health. Ties go to the first in config order.
 */
final class StaticCheapest implements Policy {

    @Override
    public String choose(TraceRequest request, World world) {
        String best = null;
        double bestPrice = Double.POSITIVE_INFINITY;
        for (String target : world.targets()) {
            CostRecord price = world.listPrices().get(target);
            if (price != null && world.fits(target, request) && price.costPer1k() < bestPrice) {
                best = target;
                bestPrice = price.costPer1k();
            }
        }
        return best;
    }
}
