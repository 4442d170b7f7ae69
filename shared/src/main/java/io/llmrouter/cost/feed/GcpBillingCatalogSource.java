package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.CloudProvider;

import java.net.URI;
import java.time.Duration;

/**
 * Compute Engine prices from the Cloud Billing Catalog API:
 * {@code GET {endpoint}?key=<API key>&currencyCode=USD&pageSize=5000[&pageToken=...]}, every page until
 * {@code nextPageToken} is empty. The API cannot filter by region or machine type, so one listing answers
 * every GCP query of a refresh ({@link #fetchKey}); of each page only the N1/N2 core and RAM SKUs
 * {@link GcpBillingCatalogParser} prices machines from are kept, then priced together (a machine's core
 * and RAM SKUs may come on different pages).
 *
 * <p>The key travels in the query string, which {@link PriceFeedFetcher} leaves out of every message.
 */
public final class GcpBillingCatalogSource implements NodePriceSource {

    private static final String FEED = "GCP billing catalog";
    /** The most SKUs the API returns per page. */
    private static final int PAGE_SIZE = 5000;
    /** Compute Engine lists thousands of SKUs, a few pages of 5,000; this many pages means something loops. */
    static final int MAX_PAGES = 50;

    private final URI endpoint;
    private final String apiKey;
    private final Duration timeout;
    private final PriceFeedFetcher fetcher;
    private final GcpBillingCatalogParser parser = new GcpBillingCatalogParser();

    /** @param apiKey the Cloud Billing Catalog API key; null when none is configured (every fetch then fails) */
    public GcpBillingCatalogSource(URI endpoint, String apiKey, Duration timeout, PriceFeedFetcher fetcher) {
        this.endpoint = endpoint;
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.fetcher = fetcher;
    }

    @Override
    public FeedParse<NodePrice> fetch(NodePriceQuery query) throws PriceFeedException {
        if (query.cloud() != CloudProvider.GCP) {
            throw new IllegalArgumentException("not a GCP query: " + query);
        }
        if (apiKey == null) {
            throw new PriceFeedException("no API key configured (nodePrices.gcp.apiKey)");
        }
        URI first = FeedPages.withParameter(FeedPages.withParameter(FeedPages.withParameter(endpoint,
                "key", apiKey), "currencyCode", "USD"), "pageSize", Integer.toString(PAGE_SIZE));
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        String token = "";
        int pages = 0;
        do {
            if (pages++ == MAX_PAGES) {
                throw new PriceFeedException("more than " + MAX_PAGES + " pages of SKUs");
            }
            URI url = token.isEmpty() ? first : FeedPages.withParameter(first, "pageToken", token);
            JsonNode page = FeedPages.page(fetcher, url, timeout, FEED);
            // The first page shows whether this is the catalog at all; a later page may leave out an empty list.
            if (pages == 1 || page.has("skus")) {
                for (JsonNode sku : FeedJson.requireArray(page, "skus", FEED)) {
                    if (GcpBillingCatalogParser.isMachineComponent(sku)) {
                        kept.add(sku);
                    }
                }
            }
            token = page.path("nextPageToken").asText("");
        } while (!token.isEmpty());
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        merged.set("skus", kept);
        return parser.parseRoot(merged);
    }

    /** One listing of the whole catalog answers every region and machine type. */
    @Override
    public Object fetchKey(NodePriceQuery query) {
        return CloudProvider.GCP;
    }

    @Override
    public String describe(NodePriceQuery query) {
        return FEED;
    }
}
