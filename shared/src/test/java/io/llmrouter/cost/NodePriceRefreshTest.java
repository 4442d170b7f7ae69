package io.llmrouter.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.ConfigLoader;
import io.llmrouter.config.RouterConfig;
import io.llmrouter.config.SecretResolver;
import io.llmrouter.cost.feed.NodePriceSources;
import io.llmrouter.cost.feed.PriceFeedFetcher;
import io.llmrouter.cost.feed.PriceRejection;
import io.llmrouter.cost.feed.TestPricingClients;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.MutableClock;
import io.llmrouter.testing.prices.AwsPricingStub;
import io.llmrouter.testing.prices.AzureRetailPricesStub;
import io.llmrouter.testing.prices.GcpBillingCatalogStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clusters priced from their clouds' price lists through cost-refresh's core: DynamoDB Local for the
 * records, and loopback stand-ins for the AWS Price List Query API (reached through the SDK's pricing
 * client), the Azure Retail Prices API and the Cloud Billing Catalog API, serving the captured samples.
 */
class NodePriceRefreshTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GCP_KEY_REFERENCE = "ssm:/llm-router/gcp-billing-key";
    private static final String GCP_KEY = "gcp-catalog-key-7f3a";
    /** The samples' on-demand Linux prices: t3.large us-west-2, n1-standard-2 us-central1 (2 x core + 7.5 x RAM), D2s v3 eastus. */
    private static final double AWS_PRICE = 0.0832;
    private static final double GCP_PRICE = 2 * 0.031611 + 7.5 * 0.004237;
    private static final double AZURE_PRICE = 0.096;

    private static final String AWS = "{name: aws-us-west-2, endpoint: 'http://127.0.0.1:1', provider: aws, region: us-west-2, instanceType: t3.large}";
    private static final String GCP = "{name: gcp-us-central1, endpoint: 'http://127.0.0.1:2', provider: gcp, region: us-central1, instanceType: n1-standard-2}";
    private static final String AZURE = "{name: azure-eastus, endpoint: 'http://127.0.0.1:3', provider: azure, region: eastus, instanceType: Standard_D2s_v3}";

    /** Starts at the real time: DynamoDB Local's TTL sweeper deletes records whose ttl passed in real time. */
    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<AutoCloseable> open = new ArrayList<>();
    private AwsPricingStub aws;
    private AzureRetailPricesStub azure;
    private GcpBillingCatalogStub gcp;
    private DynamoRoutingStateStore store;

    @BeforeEach
    void start() {
        StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
        aws = open(new AwsPricingStub("us-east-1"));
        azure = open(new AzureRetailPricesStub());
        gcp = open(new GcpBillingCatalogStub(GCP_KEY));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    private <T extends AutoCloseable> T open(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** The GCP key is a reference, resolved as an SSM parameter would be when the config loads. */
    private RouterConfig config(String... clusters) {
        String yaml = """
                router: {overheadFactor: 1.0, routingStrategy: cost}
                clusters:
                %s
                nodePrices:
                  timeout: 5s
                  aws: {endpoint: "%s"}
                  azure: {endpoint: "%s"}
                  gcp: {endpoint: "%s", apiKey: "%s"}
                store: {tableName: %s}
                """.formatted(String.join("\n", List.of(clusters).stream().map(c -> "  - " + c).toList()),
                aws.origin(), azure.endpoint(), gcp.endpoint(), GCP_KEY_REFERENCE, dynamo.tableName());
        SecretResolver ssm = reference -> {
            if (reference.equals(GCP_KEY_REFERENCE)) {
                return GCP_KEY;
            }
            throw new IllegalArgumentException("SSM parameter not found: " + reference);
        };
        RouterConfig config = ConfigLoader.fromYaml(yaml, Map.of(), ssm);
        store = new DynamoRoutingStateStore(dynamo.client(), config.store(), clock);
        return config;
    }

    private CostRefresher refresher(RouterConfig config) {
        PriceFeedFetcher fetcher = new PriceFeedFetcher();
        NodePriceSources sources = open(NodePriceSources.standard(config.nodePrices(), fetcher,
                () -> TestPricingClients.client(config.nodePrices())));
        return new CostRefresher(config, store, fetcher, sources,
                new ThroughputEstimator(ModelCatalog.fromClasspath(), Duration.ofHours(1)), clock);
    }

    private void health(String cluster, double liveTokensPerSecond) {
        store.putHealth(new HealthRecord(cluster, true, "ok", clock.instant(), 4L, liveTokensPerSecond, null, null,
                null, 0, 0, 0, 2, 4096, List.of(), "m"));
    }

    private CostRecord record(String cluster) {
        return store.loadSnapshot().costOf(cluster, CostRecord.ANY_MODEL).orElseThrow();
    }

    /** A first refresh with every price list answering, each cluster under load. */
    private RouterConfig pricedOnce() {
        RouterConfig config = config(AWS, GCP, AZURE);
        health("aws-us-west-2", 15.0);
        health("gcp-us-central1", 12.0);
        health("azure-eastus", 14.0);
        clock.advance(Duration.ofSeconds(1));
        CostRefresher.Report report = refresher(config).refresh();
        assertEquals(List.of(), report.feedFailures(), report.toString());
        return config;
    }

    @Test
    void aClusterWithAnInstanceTypeAndNoCostPerHourIsPricedFromItsCloudsPriceList() {
        RouterConfig config = config(AWS, GCP, AZURE);
        health("aws-us-west-2", 15.0);
        health("gcp-us-central1", 12.0);
        health("azure-eastus", 14.0);
        clock.advance(Duration.ofSeconds(1));

        CostRefresher.Report report = refresher(config).refresh();

        assertEquals(List.of(), report.unpricedClusters());
        // The catalog sample's one N2 core in Belgium has no RAM price; nothing else is left out.
        assertEquals(List.of("GCP n2 europe-west1"), report.rejectedPrices().stream().map(PriceRejection::key).toList());
        CostRecord awsRecord = record("aws-us-west-2");
        assertEquals(AWS_PRICE, awsRecord.nodePricePerHour());
        assertEquals(AWS_PRICE / (15 * 3600) * 1000, awsRecord.costPer1k(), 1e-12);
        assertTrue(awsRecord.source().contains("AWS Price List rate JZMQ5VQSSPBWHNHH"), awsRecord.source());
        assertEquals(GCP_PRICE, record("gcp-us-central1").nodePricePerHour(), 1e-12);
        assertEquals(GCP_PRICE / (12 * 3600) * 1000, record("gcp-us-central1").costPer1k(), 1e-12);
        assertEquals(AZURE_PRICE, record("azure-eastus").nodePricePerHour());
        assertEquals(AZURE_PRICE / (14 * 3600) * 1000, record("azure-eastus").costPer1k(), 1e-12);
        assertEquals(List.of(GCP_KEY), gcp.keysSent(), "the key the reference names reaches the catalog");
    }

    @Test
    void costPerHourOverridesTheLookup() {
        RouterConfig config = config(AWS.replace("instanceType:", "costPerHour: 0.0928, instanceType:"), AZURE);
        health("aws-us-west-2", 15.0);
        health("azure-eastus", 14.0);
        clock.advance(Duration.ofSeconds(1));

        refresher(config).refresh();

        assertEquals(0.0928, record("aws-us-west-2").nodePricePerHour());
        assertEquals(0.0928 / (15 * 3600) * 1000, record("aws-us-west-2").costPer1k(), 1e-12);
        assertEquals(List.of(), aws.requests(), "no lookup for a cluster with costPerHour");
        assertEquals(AZURE_PRICE, record("azure-eastus").nodePricePerHour());
    }

    @Test
    void failingPriceListsKeepTheLastGoodNodePricesWhileThroughputMovesOn() {
        RouterConfig config = pricedOnce();
        aws.failWith(503);
        azure.failWith(503);
        gcp.failWith(503);
        clock.advance(Duration.ofMinutes(5));
        health("aws-us-west-2", 20.0);
        health("gcp-us-central1", 16.0);
        health("azure-eastus", 18.0);
        clock.advance(Duration.ofSeconds(1));

        CostRefresher.Report report = refresher(config).refresh();

        assertEquals(List.of("AWS Price List t3.large us-west-2", "GCP billing catalog", "Azure retail prices Standard_D2s_v3 eastus"),
                report.feedFailures().stream().map(CostRefresher.FeedFailure::feed).toList());
        assertEquals(List.of(), report.unpricedClusters());
        for (var expected : Map.of("aws-us-west-2", AWS_PRICE, "gcp-us-central1", GCP_PRICE, "azure-eastus", AZURE_PRICE).entrySet()) {
            CostRecord record = record(expected.getKey());
            assertEquals(expected.getValue(), record.nodePricePerHour(), 1e-12, expected.getKey());
            assertEquals(clock.instant(), record.observedAt(), expected.getKey() + " is repriced at the new throughput");
            assertEquals(expected.getValue() / (record.tokensPerSecond() * 3600) * 1000, record.costPer1k(), 1e-12);
            assertTrue(record.source().contains("last good price"), record.source());
        }
    }

    @Test
    void garbageAndAbsurdPricesAreRejectedAndTheLastGoodNodePricesKept() throws IOException {
        RouterConfig config = pricedOnce();
        CostRecord awsBefore = record("aws-us-west-2");
        // AWS: the same product at 100 times its price. GCP: an N1 core at $500/h. Azure: not JSON at all.
        aws.serve(sample("aws-pricing-getproducts.json").toString().replace("0.0832000000", "8.3200000000"));
        ObjectNode skus = (ObjectNode) sample("gcp-billing-skus.json");
        ((ObjectNode) skus.at("/skus/0/pricingInfo/0/pricingExpression/tieredRates/0/unitPrice")).put("units", "500");
        gcp.serve(skus.toString());
        azure.answerGarbage("<html><body>502 Bad Gateway</body></html>");
        clock.advance(Duration.ofMinutes(5));

        CostRefresher.Report report = refresher(config).refresh();

        List<String> rejected = report.rejectedPrices().stream().map(PriceRejection::key).toList();
        assertTrue(rejected.contains("AWS/us-west-2/t3.large"), report.rejectedPrices().toString());
        assertTrue(rejected.contains("GCP/us-central1/n1-standard-2"), report.rejectedPrices().toString());
        assertEquals(List.of("Azure retail prices Standard_D2s_v3 eastus"),
                report.feedFailures().stream().map(CostRefresher.FeedFailure::feed).toList());
        assertEquals(AWS_PRICE, record("aws-us-west-2").nodePricePerHour());
        assertEquals(GCP_PRICE, record("gcp-us-central1").nodePricePerHour(), 1e-12);
        assertEquals(AZURE_PRICE, record("azure-eastus").nodePricePerHour());
        assertEquals(awsBefore.costPer1k(), record("aws-us-west-2").costPer1k(), 1e-15);
    }

    @Test
    void aPriceWithinTheJumpFactorReplacesTheOldOneEvenOnAnIdleCluster() throws IOException {
        RouterConfig config = pricedOnce();
        CostRecord before = record("aws-us-west-2");
        aws.serve(sample("aws-pricing-getproducts.json").toString().replace("0.0832000000", "0.0900000000"));
        clock.advance(Duration.ofMinutes(5));
        health("aws-us-west-2", 0.0);
        clock.advance(Duration.ofSeconds(1));

        refresher(config).refresh();

        CostRecord after = record("aws-us-west-2");
        assertEquals(CostBasis.LIVE_THROUGHPUT, after.basis(), "still priced at the last loaded window");
        assertEquals(before.tokensPerSecond(), after.tokensPerSecond());
        assertEquals(0.09, after.nodePricePerHour());
        assertEquals(1, after.source().split("; node ", -1).length - 1, after.source());
        assertTrue(after.source().contains("; node 0.09 $/h, "), after.source());
        assertEquals(0.09 / (before.tokensPerSecond() * 3600) * 1000, after.costPer1k(), 1e-12);
    }

    @Test
    void pricesOnLaterPagesAreFound() throws IOException {
        // One product, meter or SKU per page; the Linux meter last; t3.large listed under a second SKU.
        ObjectNode products = (ObjectNode) sample("aws-pricing-getproducts.json");
        ArrayNode priceList = (ArrayNode) products.get("PriceList");
        priceList.add(priceList.get(0).textValue().replace("JZMQ5VQSSPBWHNHH", "JZMQ5VQSSPBWHNHX"));
        aws.serve(products.toString());
        ObjectNode items = (ObjectNode) sample("azure-retail-prices.json");
        ((ArrayNode) items.get("Items")).add(((ArrayNode) items.get("Items")).remove(0));
        azure.serve(items.toString());
        aws.pageSize(1);
        azure.pageSize(1);
        gcp.pageSize(1);

        pricedOnce();

        assertEquals(AWS_PRICE, record("aws-us-west-2").nodePricePerHour());
        assertEquals(GCP_PRICE, record("gcp-us-central1").nodePricePerHour(), 1e-12);
        assertEquals(AZURE_PRICE, record("azure-eastus").nodePricePerHour());
        assertEquals(2, aws.requests().size());
        assertEquals(4, azure.requests().size());
        assertEquals(7, gcp.requests().size());
    }

    @Test
    void eachCloudRegionAndInstanceTypeIsFetchedOncePerRefresh() {
        RouterConfig config = config(AWS, AWS.replace("aws-us-west-2", "aws-us-west-2b"),
                AWS.replace("aws-us-west-2", "aws-us-east-1").replace("region: us-west-2", "region: us-east-1"),
                GCP, GCP.replace("gcp-us-central1", "gcp-us-east1").replace("region: us-central1", "region: us-east1"),
                AZURE, AZURE.replace("azure-eastus", "azure-eastus-b"));
        for (String cluster : List.of("aws-us-west-2", "aws-us-west-2b", "aws-us-east-1", "gcp-us-central1",
                "gcp-us-east1", "azure-eastus", "azure-eastus-b")) {
            health(cluster, 10.0);
        }
        clock.advance(Duration.ofSeconds(1));

        CostRefresher.Report report = refresher(config).refresh();

        assertEquals(List.of("us-west-2", "us-east-1"), aws.getProductsCalls().stream()
                .map(call -> filter(call, "regionCode")).toList(), "one GetProducts per region and type");
        assertEquals(1, azure.requests().size());
        assertEquals(1, gcp.requests().size(), "one catalog listing for every GCP region and type");
        assertEquals(AWS_PRICE, record("aws-us-west-2b").nodePricePerHour());
        assertEquals(GCP_PRICE, record("gcp-us-east1").nodePricePerHour(), 1e-12);
        assertEquals(AZURE_PRICE, record("azure-eastus-b").nodePricePerHour());
        // The sample has no us-east-1 product: that cluster cannot be priced.
        assertEquals(List.of("aws-us-east-1"), report.unpricedClusters());
        assertTrue(store.loadSnapshot().costOf("aws-us-east-1", CostRecord.ANY_MODEL).isEmpty());
    }

    @Test
    void aClusterWithNeitherPriceNorInstanceTypeOrWhoseFirstLookupFailsStaysUnpriced() {
        RouterConfig config = config("{name: bare, endpoint: 'http://127.0.0.1:4', provider: aws, region: us-west-2}",
                AZURE, AWS);
        azure.failWith(500);
        health("bare", 15.0);
        health("azure-eastus", 14.0);
        health("aws-us-west-2", 15.0);
        clock.advance(Duration.ofSeconds(1));

        CostRefresher.Report report = refresher(config).refresh();

        assertEquals(List.of("bare", "azure-eastus"), report.unpricedClusters());
        assertTrue(store.loadSnapshot().costOf("bare", CostRecord.ANY_MODEL).isEmpty());
        assertTrue(store.loadSnapshot().costOf("azure-eastus", CostRecord.ANY_MODEL).isEmpty());
        assertEquals(AWS_PRICE, record("aws-us-west-2").nodePricePerHour());
        assertEquals(1, aws.requests().size(), "nothing is looked up for the cluster without an instance type");
    }

    private static String filter(JsonNode getProducts, String field) {
        for (JsonNode filter : getProducts.path("Filters")) {
            if (filter.path("Field").asText().equals(field)) {
                return filter.path("Value").asText();
            }
        }
        return null;
    }

    private static JsonNode sample(String name) throws IOException {
        try (InputStream in = NodePriceRefreshTest.class.getResourceAsStream("/price-feeds/" + name)) {
            return JSON.readTree(in);
        }
    }
}
