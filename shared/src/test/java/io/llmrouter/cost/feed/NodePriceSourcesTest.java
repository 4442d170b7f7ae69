package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.NodePriceSettings;
import io.llmrouter.testing.prices.AwsPricingStub;
import io.llmrouter.testing.prices.AzureRetailPricesStub;
import io.llmrouter.testing.prices.GcpBillingCatalogStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each cloud's price list read the way cost-refresh reads it (the SDK's pricing client for AWS,
 * {@link PriceFeedFetcher} for Azure and GCP), from loopback stand-ins that speak the APIs' wire formats,
 * check requests as the APIs do and split the captured samples across pages.
 */
class NodePriceSourcesTest {

    private static final NodePriceQuery AWS_T3_LARGE = new NodePriceQuery(CloudProvider.AWS, "us-west-2", "t3.large");
    private static final NodePriceQuery AZURE_D2S = new NodePriceQuery(CloudProvider.AZURE, "eastus", "Standard_D2s_v3");
    private static final NodePriceQuery GCP_N1 = new NodePriceQuery(CloudProvider.GCP, "us-central1", "n1-standard-2");
    private static final String GCP_KEY = "test-gcp-catalog-key";

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private NodePriceSource aws(AwsPricingStub stub, String pricingRegion) {
        NodePriceSettings settings = new NodePriceSettings(Duration.ofSeconds(5), 10, pricingRegion, stub.origin(),
                null, null, null);
        return open(NodePriceSources.standard(settings, new PriceFeedFetcher(), () -> TestPricingClients.client(settings)))
                .forCloud(CloudProvider.AWS).orElseThrow();
    }

    private static NodePriceSource azure(AzureRetailPricesStub stub) {
        return new AzureRetailPriceSource(stub.endpoint(), Duration.ofSeconds(5), new PriceFeedFetcher());
    }

    private static NodePriceSource gcp(GcpBillingCatalogStub stub, String key) {
        return new GcpBillingCatalogSource(stub.endpoint(), key, Duration.ofSeconds(5), new PriceFeedFetcher());
    }

    private static List<Double> pricesFor(NodePriceQuery query, FeedParse<NodePrice> parse) {
        return parse.prices().stream().filter(query::matches).map(NodePrice::pricePerHour).toList();
    }

    @Test
    void awsAsksGetProductsForTheOnePlainOnDemandLinuxProductAndReadsItsHourlyRate() throws Exception {
        AwsPricingStub stub = open(new AwsPricingStub("us-east-1"));

        FeedParse<NodePrice> parse = aws(stub, "us-east-1").fetch(AWS_T3_LARGE);

        assertEquals(List.of(0.0832), pricesFor(AWS_T3_LARGE, parse));
        assertEquals(List.of(), parse.rejections());
        JsonNode call = stub.getProductsCalls().getFirst();
        assertEquals("AmazonEC2", call.path("ServiceCode").asText());
        assertEquals("aws_v1", call.path("FormatVersion").asText());
        Map<String, String> filters = new java.util.LinkedHashMap<>();
        call.path("Filters").forEach(f -> {
            assertEquals("TERM_MATCH", f.path("Type").asText());
            filters.put(f.path("Field").asText(), f.path("Value").asText());
        });
        assertEquals(Map.of("instanceType", "t3.large", "regionCode", "us-west-2", "operatingSystem", "Linux",
                "tenancy", "Shared", "preInstalledSw", "NA", "capacitystatus", "Used"), filters);
    }

    @Test
    void awsSignsForTheConfiguredPricingRegion() throws Exception {
        AwsPricingStub frankfurt = open(new AwsPricingStub("eu-central-1"));

        assertEquals(List.of(0.0832), pricesFor(AWS_T3_LARGE, aws(frankfurt, "eu-central-1").fetch(AWS_T3_LARGE)));
        PriceFeedException wrongRegion = assertThrows(PriceFeedException.class,
                () -> aws(frankfurt, "us-east-1").fetch(AWS_T3_LARGE));
        assertTrue(wrongRegion.getMessage().contains("HTTP 403"), wrongRegion.getMessage());
    }

    @Test
    void awsFollowsNextTokenToTheLastPage() throws Exception {
        AwsPricingStub stub = open(new AwsPricingStub("us-east-1"));
        // The product listed twice under two SKUs, so that a filtered answer spans two pages of one.
        ObjectNode answer = (ObjectNode) PriceFeedFixtures.tree(PriceFeedFixtures.AWS);
        ArrayNode priceList = (ArrayNode) answer.get("PriceList");
        priceList.add(priceList.get(0).textValue().replace("JZMQ5VQSSPBWHNHH", "JZMQ5VQSSPBWHNHX"));
        stub.serve(answer.toString());
        stub.pageSize(1);

        FeedParse<NodePrice> parse = aws(stub, "us-east-1").fetch(AWS_T3_LARGE);

        assertEquals(List.of(0.0832, 0.0832), pricesFor(AWS_T3_LARGE, parse));
        List<JsonNode> calls = stub.getProductsCalls();
        assertEquals(2, calls.size());
        assertFalse(calls.get(0).has("NextToken"));
        assertFalse(calls.get(1).path("NextToken").asText().isEmpty(), "the second call carries the first's token");
    }

    @Test
    void awsErrorsFailTheLookupWithTheServicesErrorCode() {
        AwsPricingStub stub = open(new AwsPricingStub("us-east-1"));
        stub.failWith(400);

        PriceFeedException e = assertThrows(PriceFeedException.class, () -> aws(stub, "us-east-1").fetch(AWS_T3_LARGE));

        assertEquals("GetProducts answered HTTP 400 InvalidParameterException", e.getMessage());
    }

    @Test
    void azureAsksForTheSkuInTheRegionAtPayAsYouGoAndFollowsNextPageLink() throws Exception {
        AzureRetailPricesStub stub = open(new AzureRetailPricesStub());
        // The Linux meter last, one meter per page: its price is only on the last page.
        ObjectNode answer = (ObjectNode) PriceFeedFixtures.tree(PriceFeedFixtures.AZURE);
        ArrayNode items = (ArrayNode) answer.get("Items");
        items.add(items.remove(0));
        stub.serve(answer.toString());
        stub.pageSize(1);

        FeedParse<NodePrice> parse = azure(stub).fetch(AZURE_D2S);

        assertEquals(List.of(0.096), pricesFor(AZURE_D2S, parse));
        assertEquals(1, parse.prices().size(), "Windows, Spot and Low Priority meters are left out");
        // Consumption meters of the SKU in eastus: Linux, Spot, Low Priority, Windows.
        assertEquals(4, stub.requests().size());
        assertEquals("armSkuName eq 'Standard_D2s_v3' and armRegionName eq 'eastus' and priceType eq 'Consumption'",
                stub.filters().getFirst());
        assertEquals("3", stub.requests().getLast().query().get("$skip"));
    }

    @Test
    void azureDoesNotFollowANextPageLinkToAnotherHost() {
        AzureRetailPricesStub stub = open(new AzureRetailPricesStub());
        stub.answerGarbage("""
                {"BillingCurrency":"USD","Items":[],"NextPageLink":"https://prices.example.net/api/retail/prices?$skip=100","Count":0}
                """);

        PriceFeedException e = assertThrows(PriceFeedException.class, () -> azure(stub).fetch(AZURE_D2S));

        assertTrue(e.getMessage().contains("NextPageLink leads away from 127.0.0.1"), e.getMessage());
        assertEquals(1, stub.requests().size());
    }

    @Test
    void gcpListsTheWholeCatalogAndPricesMachinesFromCoreAndRamOnDifferentPages() throws Exception {
        GcpBillingCatalogStub stub = open(new GcpBillingCatalogStub(GCP_KEY));
        stub.pageSize(1);

        FeedParse<NodePrice> parse = gcp(stub, GCP_KEY).fetch(GCP_N1);

        assertEquals(0.0949995, pricesFor(GCP_N1, parse).getFirst(), 1e-12);
        assertEquals(7, stub.requests().size(), "one SKU per page");
        assertEquals(List.of(GCP_KEY), stub.keysSent().stream().distinct().toList());
        assertEquals("5000", stub.requests().getFirst().query().get("pageSize"));
        assertEquals("USD", stub.requests().getFirst().query().get("currencyCode"));
        assertEquals(CloudProvider.GCP, gcp(stub, GCP_KEY).fetchKey(GCP_N1));
        assertEquals(gcp(stub, GCP_KEY).fetchKey(GCP_N1),
                gcp(stub, GCP_KEY).fetchKey(new NodePriceQuery(CloudProvider.GCP, "europe-west1", "n2-standard-4")),
                "one listing answers every GCP query");
    }

    @Test
    void gcpKeepsItsKeyOutOfFailures() {
        GcpBillingCatalogStub stub = open(new GcpBillingCatalogStub(GCP_KEY));

        PriceFeedException wrongKey = assertThrows(PriceFeedException.class,
                () -> gcp(stub, "wrong-key-d41d8cd9").fetch(GCP_N1));
        PriceFeedException noKey = assertThrows(PriceFeedException.class, () -> gcp(stub, null).fetch(GCP_N1));

        assertTrue(wrongKey.getMessage().contains("answered HTTP 400"), wrongKey.getMessage());
        assertFalse(wrongKey.getMessage().contains("wrong-key-d41d8cd9"), wrongKey.getMessage());
        assertEquals("no API key configured (nodePrices.gcp.apiKey)", noKey.getMessage());
        assertEquals(1, stub.requests().size(), "no request without a key");
    }

    @Test
    void bodiesThatAreNotThePriceListsFormatFailTheLookup() {
        AzureRetailPricesStub azure = open(new AzureRetailPricesStub());
        GcpBillingCatalogStub gcp = open(new GcpBillingCatalogStub(GCP_KEY));
        azure.answerGarbage("<html><body>502 Bad Gateway</body></html>");
        gcp.answerGarbage("{\"error\": \"quota\"}");

        assertTrue(assertThrows(PriceFeedException.class, () -> azure(azure).fetch(AZURE_D2S)).getMessage()
                .contains("not valid JSON (the body is an HTML page)"));
        assertTrue(assertThrows(PriceFeedException.class, () -> gcp(gcp, GCP_KEY).fetch(GCP_N1)).getMessage()
                .contains("expected an array \"skus\""));
    }
}
