package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.CloudProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AzureRetailPriceParserTest {

    private final AzureRetailPriceParser parser = new AzureRetailPriceParser();

    @Test
    void picksTheLinuxPayAsYouGoHourlyItemOnly() throws PriceFeedException {
        FeedParse<NodePrice> parsed = parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.AZURE));
        assertEquals(List.of(), parsed.rejections());
        assertEquals(List.of(new NodePrice(CloudProvider.AZURE, "eastus", "Standard_D2s_v3", 0.096,
                "Azure retail prices meter 00000000-0000-0000-0000-00000000d2a1")), parsed.prices());
    }

    @Test
    void aLinuxItemInAnotherRegionIsKeptUnderItsOwnRegion() throws PriceFeedException {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.AZURE);
        ((ObjectNode) feed.get("Items").get(6)).put("productName", "Virtual Machines DSv3 Series");
        List<NodePrice> prices = parser.parse(PriceFeedFixtures.bytes(feed)).prices();
        assertEquals(List.of("eastus", "westeurope"), prices.stream().map(NodePrice::region).toList());
        assertEquals(0.212, prices.get(1).pricePerHour());
    }

    @Test
    void rejectsAPickedItemWithAWrongTypedPriceOrCurrency() throws PriceFeedException {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.AZURE);
        ((ObjectNode) feed.get("Items").get(0)).put("retailPrice", true);
        FeedParse<NodePrice> parsed = parser.parse(PriceFeedFixtures.bytes(feed));
        assertEquals(List.of(), parsed.prices());
        assertEquals(List.of(new PriceRejection("meter 00000000-0000-0000-0000-00000000d2a1",
                "retailPrice is boolean, expected a number")), parsed.rejections());

        ((ObjectNode) feed.get("Items").get(0)).put("retailPrice", 0.09).put("currencyCode", "EUR");
        assertEquals("price in EUR, expected USD",
                parser.parse(PriceFeedFixtures.bytes(feed)).rejections().get(0).reason());
    }

    @Test
    void aBodyWithoutItemsIsRejectedWhole() {
        assertThrows(PriceFeedException.class, () -> parser.parse("{\"BillingCurrency\":\"USD\"}".getBytes()));
    }
}
