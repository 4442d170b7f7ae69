package io.llmrouter.cost.feed;

import io.llmrouter.config.CloudProvider;

import java.util.EnumMap;
import java.util.Map;

/**
 * The node price-list parser for each cloud: every cloud has one public price API. The bodies are
 * fetched by the {@link NodePriceSource}s (AWS GetProducts needs a signed request, so it comes from the
 * SDK's pricing client; Azure and GCP answer plain GETs that {@link PriceFeedFetcher} makes).
 */
public final class NodePriceParsers {

    private static final Map<CloudProvider, PriceFeedParser<NodePrice>> PARSERS = new EnumMap<>(Map.of(
            CloudProvider.AWS, new AwsPriceListParser(),
            CloudProvider.AZURE, new AzureRetailPriceParser(),
            CloudProvider.GCP, new GcpBillingCatalogParser()));

    private NodePriceParsers() {
    }

    public static PriceFeedParser<NodePrice> forCloud(CloudProvider cloud) {
        PriceFeedParser<NodePrice> parser = PARSERS.get(cloud);
        if (parser == null) {
            throw new IllegalArgumentException("no node price parser for cloud " + cloud);
        }
        return parser;
    }
}
