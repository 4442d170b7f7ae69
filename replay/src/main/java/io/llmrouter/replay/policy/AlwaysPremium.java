package io.llmrouter.replay.policy;

import io.llmrouter.replay.fleet.ProviderSpec;
import io.llmrouter.replay.sim.Policy;
import io.llmrouter.replay.sim.World;
import io.llmrouter.replay.trace.TraceRequest;
import io.llmrouter.state.CostRecord;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Every request to the premium provider: what the user pays without clusters. The premium provider is
 * the one the replay settings name, else the enabled provider whose default model's output tokens
 * cost most. When it fails (429), the other providers are tried in config order.
 */
final class AlwaysPremium implements Policy {

    private final List<String> fallbacks;

    AlwaysPremium(World world) {
        String premium = premium(world);
        List<String> targets = new ArrayList<>(List.of(premium));
        world.fleet().providers().stream().map(ProviderSpec::name).filter(p -> !p.equals(premium)).forEach(targets::add);
        this.fallbacks = List.copyOf(targets);
    }

    static String premium(World world) {
        String named = world.settings().premiumProvider();
        if (named != null) {
            if (world.fleet().provider(named).isEmpty()) {
                throw new IllegalArgumentException("premium provider '" + named + "' is not an enabled provider of the config");
            }
            return named;
        }
        return world.fleet().providers().stream()
                .max(Comparator.comparingDouble((ProviderSpec p) -> price(world, p).outputPer1k())
                        .thenComparing(ProviderSpec::name, Comparator.reverseOrder()))
                .map(ProviderSpec::name)
                .orElseThrow(() -> new IllegalArgumentException("always-premium needs a provider, and the config enables none"));
    }

    private static CostRecord price(World world, ProviderSpec provider) {
        return world.listPrices().get(provider.name());
    }

    @Override
    public List<String> choose(TraceRequest request, World world) {
        return fallbacks;
    }
}
