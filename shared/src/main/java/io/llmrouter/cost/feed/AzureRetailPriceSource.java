package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.CloudProvider;

import java.net.URI;
import java.time.Duration;

/**
 * Azure VM pay-as-you-go prices from the Retail Prices API, which needs no key:
 * {@code GET {endpoint}?api-version=2023-01-01-preview&$filter=armSkuName eq '<type>' and armRegionName eq
 * '<region>' and priceType eq 'Consumption'}. The answer still lists Windows, Spot and Low Priority meters
 * of the type; {@link AzureRetailPriceParser} leaves those out. Pages are followed through
 * {@code NextPageLink}, only while it stays on the configured endpoint's host.
 */
public final class AzureRetailPriceSource implements NodePriceSource {

    private static final String FEED = "Azure retail prices";
    private static final String API_VERSION = "2023-01-01-preview";
    /** A filtered query has a handful of meters (100 per page); this many pages means the filter no longer filters. */
    static final int MAX_PAGES = 20;

    private final URI endpoint;
    private final Duration timeout;
    private final PriceFeedFetcher fetcher;
    private final AzureRetailPriceParser parser = new AzureRetailPriceParser();

    public AzureRetailPriceSource(URI endpoint, Duration timeout, PriceFeedFetcher fetcher) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.fetcher = fetcher;
    }

    @Override
    public FeedParse<NodePrice> fetch(NodePriceQuery query) throws PriceFeedException {
        if (query.cloud() != CloudProvider.AZURE) {
            throw new IllegalArgumentException("not an Azure query: " + query);
        }
        String filter = "armSkuName eq " + literal(query.instanceType()) + " and armRegionName eq "
                + literal(query.region()) + " and priceType eq 'Consumption'";
        URI next = FeedPages.withParameter(FeedPages.withParameter(endpoint, "api-version", API_VERSION),
                "$filter", filter);
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        for (int pages = 0; next != null; pages++) {
            if (pages == MAX_PAGES) {
                throw new PriceFeedException("more than " + MAX_PAGES + " pages of meters");
            }
            JsonNode page = FeedPages.page(fetcher, next, timeout, FEED);
            items.addAll((ArrayNode) FeedJson.requireArray(page, "Items", FEED));
            next = nextPage(page.path("NextPageLink"));
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        merged.set("Items", items);
        return parser.parseRoot(merged);
    }

    private URI nextPage(JsonNode link) throws PriceFeedException {
        if (!link.isTextual() || link.textValue().isBlank()) {
            return null;
        }
        URI next;
        try {
            next = URI.create(link.textValue());
        } catch (IllegalArgumentException e) {
            throw new PriceFeedException("NextPageLink is not a URL");
        }
        // The link comes from the answer: following it elsewhere would let a bad answer send requests anywhere.
        if (!FeedPages.sameOrigin(endpoint, next)) {
            throw new PriceFeedException("NextPageLink leads away from " + endpoint.getHost());
        }
        return next;
    }

    /** An OData string literal: quotes doubled, so a value cannot end the literal early. */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    @Override
    public String describe(NodePriceQuery query) {
        return FEED + " " + query.instanceType() + " " + query.region();
    }
}
