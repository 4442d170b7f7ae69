package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.CloudProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GcpBillingCatalogParserTest {

    private final GcpBillingCatalogParser parser = new GcpBillingCatalogParser();

    private static Map<String, NodePrice> byRegionAndType(List<NodePrice> prices) {
        return prices.stream().collect(Collectors.toMap(p -> p.region() + " " + p.instanceType(), p -> p));
    }

    @Test
    void pricesN1StandardTwoFromTheCoreAndRamSkus() throws PriceFeedException {
        Map<String, NodePrice> prices = byRegionAndType(
                parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.GCP)).prices());
        // 2 vCPU x 0.031611 + 7.5 GiB x 0.004237
        assertEquals(new NodePrice(CloudProvider.GCP, "us-central1", "n1-standard-2", 0.0949995,
                        "GCP billing catalog skus 2E27-4F75-95CD (core) + EXMP-0001-N1RM (RAM)"),
                prices.get("us-central1 n1-standard-2"));
        assertEquals(0.0949995, prices.get("us-west1 n1-standard-2").pricePerHour());
    }

    @Test
    void usesOnDemandN2SkusNotSpotOrCommitment() throws PriceFeedException {
        Map<String, NodePrice> prices = byRegionAndType(
                parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.GCP)).prices());
        // 2 vCPU x 0.031611 + 8 GiB x 0.004237
        assertEquals(0.097118, prices.get("us-east1 n2-standard-2").pricePerHour());
    }

    @Test
    void coversEveryShapeInEveryRegionWithBothComponents() throws PriceFeedException {
        FeedParse<NodePrice> parsed = parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.GCP));
        assertEquals(Set.of("us-central1", "us-east1", "us-west1"),
                parsed.prices().stream().map(NodePrice::region).collect(Collectors.toSet()));
        assertEquals(3 * GcpMachineShapes.SHAPES.size(), parsed.prices().size());
        assertFalse(parsed.prices().stream().anyMatch(p -> p.region().equals("europe-west1")));
    }

    @Test
    void aRegionWithACorePriceButNoRamPriceIsRejected() throws PriceFeedException {
        FeedParse<NodePrice> parsed = parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.GCP));
        assertEquals(List.of(new PriceRejection("GCP n2 europe-west1",
                "core price without a RAM price: machine prices need both")), parsed.rejections());
    }

    @Test
    void rejectsASkuWithWrongTypedNanosOrAnUnexpectedUnit() throws PriceFeedException {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.GCP);
        ((ObjectNode) feed.get("skus").get(0).get("pricingInfo").get(0).get("pricingExpression")
                .get("tieredRates").get(0).get("unitPrice")).put("nanos", "a few");
        ((ObjectNode) feed.get("skus").get(3).get("pricingInfo").get(0).get("pricingExpression"))
                .put("usageUnit", "GBy.mo");
        FeedParse<NodePrice> parsed = parser.parse(PriceFeedFixtures.bytes(feed));
        Map<String, String> reasons = parsed.rejections().stream()
                .collect(Collectors.toMap(PriceRejection::key, PriceRejection::reason));
        assertTrue(reasons.get("sku 2E27-4F75-95CD").contains("unitPrice.nanos is not a number"));
        assertEquals("usage unit GBy.mo, expected GiBy.h", reasons.get("sku EXMP-0003-N2RM"));
        assertEquals(List.of(), parsed.prices());
    }

    @Test
    void aBodyWithoutASkusArrayIsRejectedWhole() {
        assertThrows(PriceFeedException.class, () -> parser.parse("{\"services\":[]}".getBytes()));
    }

    @Test
    void everyShapeBelongsToAPricedSeries() {
        for (GcpMachineShapes.Shape shape : GcpMachineShapes.SHAPES) {
            assertTrue(shape.machineType().startsWith(shape.series() + "-"), shape.machineType());
        }
    }
}
