package io.llmrouter.replay.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.PriceFeedConfig;
import io.llmrouter.config.ProviderConfig;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.cost.feed.ModelPrice;
import io.llmrouter.cost.feed.ModelPriceParsers;
import io.llmrouter.cost.feed.PriceFeedException;
import io.llmrouter.cost.feed.PriceFeedFetcher;
import io.llmrouter.cost.feed.ProviderPriceMapper;
import io.llmrouter.replay.fleet.ProviderSpec;
import io.llmrouter.replay.scenario.Scenario;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * The price feeds as cost-refresh reads them during a replay: the configured feed document, with the token
 * prices of the providers whose prices the scenario has changed by now rewritten in it, as the provider's
 * new price list would read. cost-refresh then parses, guards ({@code maxJumpFactor}) and writes them as it
 * does any feed, so the router learns of a change at the first refresh after it, or never if the guard
 * rejects it.
 */
final class ScenarioPriceFeed extends PriceFeedFetcher {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouterConfig config;
    private final List<ProviderSpec> providers;
    private final Scenario scenario;
    private final World world;

    ScenarioPriceFeed(RouterConfig config, World world) {
        this.config = config;
        this.providers = world.fleet().providers();
        this.scenario = world.scenario();
        this.world = world;
    }

    @Override
    public byte[] fetch(PriceFeedConfig feed) throws PriceFeedException {
        byte[] document = super.fetch(feed);
        double now = world.now();
        JsonNode root = null;
        List<ModelPrice> prices = null;
        for (ProviderSpec provider : providers) {
            Optional<Scenario.TokenPrices> changed = scenario.providerPrices(provider.name(), now);
            if (changed.isEmpty()) {
                continue;
            }
            ProviderConfig providerConfig = config.provider(provider.name()).orElseThrow();
            prices = prices == null ? ModelPriceParsers.forFormat(feed.format()).parse(document).prices() : prices;
            for (ModelPrice price : prices) {
                if (ProviderPriceMapper.appliesTo(providerConfig, price) && price.upstreamModel().equals(provider.model())) {
                    root = root == null ? read(document) : root;
                    rewrite(feed, root, price.feedModelId(), changed.get());
                }
            }
        }
        return root == null ? document : write(root);
    }

    private static void rewrite(PriceFeedConfig feed, JsonNode root, String id, Scenario.TokenPrices prices) {
        BigDecimal input = BigDecimal.valueOf(prices.inputPer1M()).movePointLeft(6);
        BigDecimal output = BigDecimal.valueOf(prices.outputPer1M()).movePointLeft(6);
        switch (feed.format()) {
            case LITELLM -> ((ObjectNode) root.get(id)).put("input_cost_per_token", input)
                    .put("output_cost_per_token", output);
            case OPENROUTER -> root.path("data").forEach(entry -> {
                if (id.equals(entry.path("id").asText())) {
                    ObjectNode pricing = entry.get("pricing") instanceof ObjectNode existing ? existing
                            : ((ObjectNode) entry).putObject("pricing");
                    pricing.put("prompt", input.toPlainString()).put("completion", output.toPlainString());
                }
            });
        }
    }

    private static JsonNode read(byte[] document) throws PriceFeedException {
        try {
            return JSON.readTree(document);
        } catch (IOException e) {
            throw new PriceFeedException("the price feed is not JSON: " + e.getMessage());
        }
    }

    private static byte[] write(JsonNode root) {
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
