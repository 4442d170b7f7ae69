package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.NodePriceSettings;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.PricingClientBuilder;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;
import software.amazon.awssdk.services.pricing.model.GetProductsResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * EC2 on-demand prices from the AWS Price List Query API, through the SDK's {@code pricing} client:
 * {@code GetProducts} for service code AmazonEC2, filtered down to the one plain on-demand Linux product of
 * an instance type in a region, pages followed by the SDK's paginator ({@code NextToken}).
 *
 * <p>The client is made on first use, so a configuration without AWS lookups costs no client start-up.
 * Calls are signed with the function's credentials and need {@code pricing:GetProducts}.
 */
public final class AwsPriceListSource implements NodePriceSource, AutoCloseable {

    private static final String FEED = "AWS Price List";
    private static final String EC2 = "AmazonEC2";
    private static final String FORMAT_VERSION = "aws_v1";
    /** The most GetProducts returns per page. */
    private static final int PAGE_SIZE = 100;
    /** A filtered query has one product; this many pages means the filters no longer filter. */
    static final int MAX_PAGES = 20;

    private final Supplier<PricingClient> clients;
    private final AwsPriceListParser parser = new AwsPriceListParser();
    private PricingClient client;

    public AwsPriceListSource(Supplier<PricingClient> clients) {
        this.clients = clients;
    }

    /**
     * A client for the Price List API in {@code settings.awsPricingRegion()} (or at {@code awsEndpoint}), on
     * the synchronous Apache HTTP client the other AWS clients use, each call bounded by the lookup timeout.
     * Credentials come from the standard chain unless the caller sets them.
     */
    public static PricingClientBuilder clientBuilder(NodePriceSettings settings) {
        PricingClientBuilder builder = PricingClient.builder()
                .region(Region.of(settings.awsPricingRegion()))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(settings.timeout())
                        .build());
        if (settings.awsEndpoint() != null) {
            builder.endpointOverride(settings.awsEndpoint());
        }
        return builder;
    }

    @Override
    public FeedParse<NodePrice> fetch(NodePriceQuery query) throws PriceFeedException {
        if (query.cloud() != CloudProvider.AWS) {
            throw new IllegalArgumentException("not an AWS query: " + query);
        }
        GetProductsRequest request = GetProductsRequest.builder()
                .serviceCode(EC2)
                .formatVersion(FORMAT_VERSION)
                .filters(filters(query))
                .maxResults(PAGE_SIZE)
                .build();
        List<String> products = new ArrayList<>();
        int pages = 0;
        try {
            for (GetProductsResponse page : client().getProductsPaginator(request)) {
                if (++pages > MAX_PAGES) {
                    throw new PriceFeedException("more than " + MAX_PAGES + " pages of products");
                }
                products.addAll(page.priceList());
            }
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : " " + e.awsErrorDetails().errorCode();
            throw new PriceFeedException("GetProducts answered HTTP " + e.statusCode() + code, e);
        } catch (SdkException e) {
            throw new PriceFeedException("GetProducts failed: " + e.getMessage(), e);
        }
        // The pages' products, as one GetProducts answer for the parser.
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        ArrayNode priceList = merged.putArray("PriceList");
        products.forEach(priceList::add);
        return parser.parseRoot(merged);
    }

    /** The attributes of the one product wanted; AwsPriceListParser checks the same ones on what comes back. */
    private static List<Filter> filters(NodePriceQuery query) {
        Map<String, String> terms = new LinkedHashMap<>();
        terms.put("instanceType", query.instanceType());
        terms.put("regionCode", query.region());
        terms.put("operatingSystem", "Linux");
        terms.put("tenancy", "Shared");
        terms.put("preInstalledSw", "NA");
        terms.put("capacitystatus", "Used");
        return terms.entrySet().stream()
                .map(t -> Filter.builder().type(FilterType.TERM_MATCH).field(t.getKey()).value(t.getValue()).build())
                .toList();
    }

    @Override
    public String describe(NodePriceQuery query) {
        return FEED + " " + query.instanceType() + " " + query.region();
    }

    private synchronized PricingClient client() {
        if (client == null) {
            client = clients.get();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
