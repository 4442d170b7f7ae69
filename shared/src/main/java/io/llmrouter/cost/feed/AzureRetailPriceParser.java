package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.config.CloudProvider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one page of the Azure Retail Prices API ({@code https://prices.azure.com/api/retail/prices}):
 * {@code {"BillingCurrency", "Items": [...], "NextPageLink", "Count"}}.
 *
 * <p>Picks Virtual Machines items of type {@code Consumption} (pay-as-you-go) priced per
 * {@code "1 Hour"}, whose product is not Windows and whose meter is not Spot or Low Priority.
 * {@code Reservation} items are skipped: their {@code retailPrice} is the whole term's price even though
 * the unit says "1 Hour". {@code DevTestConsumption} is a discounted programme, not the list price.
 * Region is {@code armRegionName}, node type {@code armSkuName}, price {@code retailPrice} in USD.
 */
public final class AzureRetailPriceParser implements PriceFeedParser<NodePrice> {

    private static final String FEED = "Azure retail prices";
    private static final String PAY_AS_YOU_GO = "Consumption";
    private static final String HOURLY = "1 Hour";
    private static final String VIRTUAL_MACHINES = "Virtual Machines";
    private static final List<String> DISCOUNTED_METERS = List.of("Spot", "Low Priority");

    @Override
    public FeedParse<NodePrice> parse(byte[] body) throws PriceFeedException {
        return parseRoot(FeedJson.readRootObject(body, FEED));
    }

    /** Reads a document already parsed, such as the Items of several pages gathered into one. */
    FeedParse<NodePrice> parseRoot(JsonNode root) throws PriceFeedException {
        JsonNode items = FeedJson.requireArray(root, "Items", FEED);
        List<NodePrice> prices = new ArrayList<>();
        List<PriceRejection> rejections = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            if (!isLinuxPayAsYouGoHour(item)) {
                continue;
            }
            String meterId = item.path("meterId").textValue();
            try {
                prices.add(toPrice(item));
            } catch (BadEntry e) {
                rejections.add(new PriceRejection(meterId == null ? "Items[" + i + "]" : "meter " + meterId,
                        e.getMessage()));
            }
        }
        return new FeedParse<>(prices, rejections);
    }

    private static boolean isLinuxPayAsYouGoHour(JsonNode item) {
        String productName = item.path("productName").asText("");
        String meter = item.path("meterName").asText("") + " " + item.path("skuName").asText("");
        return PAY_AS_YOU_GO.equals(item.path("type").textValue())
                && HOURLY.equals(item.path("unitOfMeasure").textValue())
                && VIRTUAL_MACHINES.equals(item.path("serviceName").textValue())
                && !productName.contains("Windows")
                && DISCOUNTED_METERS.stream().noneMatch(meter::contains);
    }

    private static NodePrice toPrice(JsonNode item) throws BadEntry {
        String currency = item.path("currencyCode").textValue();
        if (!"USD".equals(currency)) {
            throw new BadEntry("price in " + currency + ", expected USD");
        }
        String region = item.path("armRegionName").textValue();
        String skuName = item.path("armSkuName").textValue();
        if (region == null || region.isBlank() || skuName == null || skuName.isBlank()) {
            throw new BadEntry("item without armRegionName or armSkuName");
        }
        BigDecimal price = FeedJson.decimal(item.get("retailPrice"), "retailPrice");
        if (price == null) {
            throw new BadEntry("item without a retailPrice");
        }
        return new NodePrice(CloudProvider.AZURE, region, skuName, price.doubleValue(),
                "Azure retail prices meter " + item.path("meterId").asText("?"));
    }
}
