package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.config.CloudProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwsPriceListParserTest {

    private final AwsPriceListParser parser = new AwsPriceListParser();

    @Test
    void picksTheLinuxSharedOnDemandHourlyPriceOnly() throws PriceFeedException {
        FeedParse<NodePrice> parsed = parser.parse(PriceFeedFixtures.bytes(PriceFeedFixtures.AWS));
        assertEquals(List.of(), parsed.rejections());
        assertEquals(List.of(new NodePrice(CloudProvider.AWS, "us-west-2", "t3.large", 0.0832,
                "AWS Price List rate JZMQ5VQSSPBWHNHH.JRTCKXETXF.6YS6EN2CT7")), parsed.prices());
    }

    @Test
    void acceptsAlreadyDecodedProductObjects() throws Exception {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.AWS);
        ArrayNode list = (ArrayNode) feed.get("PriceList");
        for (int i = 0; i < list.size(); i++) {
            list.set(i, PriceFeedFixtures.JSON.readTree(list.get(i).textValue()));
        }
        assertEquals(0.0832, parser.parse(PriceFeedFixtures.bytes(feed)).prices().get(0).pricePerHour());
    }

    @Test
    void rejectsABrokenItemAndKeepsTheOthers() throws PriceFeedException {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.AWS);
        ArrayNode list = (ArrayNode) feed.get("PriceList");
        list.insert(0, "{\"product\": ");
        list.insert(1, 42);
        FeedParse<NodePrice> parsed = parser.parse(PriceFeedFixtures.bytes(feed));
        assertEquals(List.of("PriceList[0]", "PriceList[1]"),
                parsed.rejections().stream().map(PriceRejection::key).toList());
        assertTrue(parsed.rejections().get(0).reason().contains("embedded JSON is invalid"));
        assertEquals(1, parsed.prices().size());
    }

    @Test
    void rejectsAWantedProductWithoutAnHourlyUsdRate() throws Exception {
        ObjectNode feed = PriceFeedFixtures.tree(PriceFeedFixtures.AWS);
        ArrayNode list = (ArrayNode) feed.get("PriceList");
        JsonNode product = PriceFeedFixtures.JSON.readTree(list.get(0).textValue());
        ObjectNode dimension = (ObjectNode) product.get("terms").get("OnDemand").elements().next()
                .get("priceDimensions").elements().next();
        ((ObjectNode) dimension.get("pricePerUnit")).remove("USD");
        list.set(0, PriceFeedFixtures.JSON.writeValueAsString(product));
        FeedParse<NodePrice> parsed = parser.parse(PriceFeedFixtures.bytes(feed));
        assertEquals(List.of(), parsed.prices());
        assertEquals(List.of(new PriceRejection("sku JZMQ5VQSSPBWHNHH", "on-demand hourly rate without a USD price")),
                parsed.rejections());
    }

    @Test
    void aBodyWithoutAPriceListArrayIsRejectedWhole() {
        assertThrows(PriceFeedException.class, () -> parser.parse("{\"PriceList\":\"[]\"}".getBytes()));
        assertThrows(PriceFeedException.class, () -> parser.parse("[]".getBytes()));
    }
}
