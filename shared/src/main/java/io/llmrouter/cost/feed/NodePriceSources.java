package io.llmrouter.cost.feed;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.NodePriceSettings;
import software.amazon.awssdk.services.pricing.PricingClient;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** The price list API of each cloud, as the {@code nodePrices} settings configure them. */
public final class NodePriceSources implements AutoCloseable {

    private final Map<CloudProvider, NodePriceSource> sources;

    public NodePriceSources(Map<CloudProvider, NodePriceSource> sources) {
        this.sources = new EnumMap<>(sources);
    }

    /** The three public price lists, the AWS client made with the standard credential chain. */
    public static NodePriceSources standard(NodePriceSettings settings, PriceFeedFetcher fetcher) {
        return standard(settings, fetcher, () -> AwsPriceListSource.clientBuilder(settings).build());
    }

    /** @param pricingClients makes the AWS Price List client on the first AWS lookup */
    public static NodePriceSources standard(NodePriceSettings settings, PriceFeedFetcher fetcher,
                                            Supplier<PricingClient> pricingClients) {
        return new NodePriceSources(Map.of(
                CloudProvider.AWS, new AwsPriceListSource(pricingClients),
                CloudProvider.AZURE, new AzureRetailPriceSource(settings.azureEndpoint(), settings.timeout(), fetcher),
                CloudProvider.GCP, new GcpBillingCatalogSource(settings.gcpEndpoint(), settings.gcpApiKey(),
                        settings.timeout(), fetcher)));
    }

    public Optional<NodePriceSource> forCloud(CloudProvider cloud) {
        return Optional.ofNullable(sources.get(cloud));
    }

    @Override
    public void close() {
        for (NodePriceSource source : sources.values()) {
            if (source instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Closing releases connections only; nothing is lost when it fails.
                }
            }
        }
    }
}
