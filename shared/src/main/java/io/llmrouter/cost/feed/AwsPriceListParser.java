package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.config.CloudProvider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one page of the AWS Price List Query API {@code GetProducts} answer for EC2:
 * {@code {"FormatVersion", "PriceList": ["<product JSON>", ...], "NextToken"}}, where each PriceList
 * item is a product document encoded as a JSON string (an already decoded object is accepted too).
 *
 * <p>Picks products whose attributes say Linux, Shared tenancy, {@code preInstalledSw} NA and
 * {@code capacitystatus} Used (not capacity reservations), and from those the OnDemand term's hourly
 * ({@code "unit": "Hrs"}) USD rate. Reserved terms are ignored. Region is {@code regionCode}.
 */
public final class AwsPriceListParser implements PriceFeedParser<NodePrice> {

    private static final String FEED = "AWS Price List";

    /** The attribute values of a plain on-demand Linux node; any other value means another product. */
    private static final Map<String, String> WANTED_ATTRIBUTES = Map.of(
            "operatingSystem", "Linux",
            "tenancy", "Shared",
            "preInstalledSw", "NA",
            "capacitystatus", "Used");

    private static final String HOURLY_UNIT = "Hrs";

    @Override
    public FeedParse<NodePrice> parse(byte[] body) throws PriceFeedException {
        return parseRoot(FeedJson.readRootObject(body, FEED));
    }

    /** Reads a document already parsed, such as the PriceList items of several pages gathered into one. */
    FeedParse<NodePrice> parseRoot(JsonNode root) throws PriceFeedException {
        JsonNode priceList = FeedJson.requireArray(root, "PriceList", FEED);
        List<NodePrice> prices = new ArrayList<>();
        List<PriceRejection> rejections = new ArrayList<>();
        for (int i = 0; i < priceList.size(); i++) {
            String position = "PriceList[" + i + "]";
            try {
                JsonNode product = decode(priceList.get(i));
                String sku = product.path("product").path("sku").textValue();
                try {
                    NodePrice price = toPrice(product);
                    if (price != null) {
                        prices.add(price);
                    }
                } catch (BadEntry e) {
                    rejections.add(new PriceRejection(sku == null ? position : "sku " + sku, e.getMessage()));
                }
            } catch (BadEntry e) {
                rejections.add(new PriceRejection(position, e.getMessage()));
            }
        }
        return new FeedParse<>(prices, rejections);
    }

    private static JsonNode decode(JsonNode item) throws BadEntry {
        if (item.isTextual()) {
            return FeedJson.readEmbedded(item.textValue());
        }
        if (item.isObject()) {
            return item;
        }
        throw new BadEntry("PriceList item is " + FeedJson.describe(item) + ", expected a JSON string");
    }

    /** The price of a wanted product, or null for a product that is not a plain on-demand Linux node. */
    private static NodePrice toPrice(JsonNode product) throws BadEntry {
        JsonNode attributes = product.path("product").path("attributes");
        for (Map.Entry<String, String> wanted : WANTED_ATTRIBUTES.entrySet()) {
            if (!wanted.getValue().equals(attributes.path(wanted.getKey()).textValue())) {
                return null;
            }
        }
        String instanceType = attributes.path("instanceType").textValue();
        String region = attributes.path("regionCode").textValue();
        if (instanceType == null || region == null) {
            throw new BadEntry("product without instanceType or regionCode attribute");
        }
        JsonNode hourly = onDemandHourlyDimension(product.path("terms").path("OnDemand"));
        BigDecimal usd = FeedJson.decimal(hourly.path("pricePerUnit").get("USD"), "pricePerUnit.USD");
        if (usd == null) {
            throw new BadEntry("on-demand hourly rate without a USD price");
        }
        return new NodePrice(CloudProvider.AWS, region, instanceType, usd.doubleValue(),
                "AWS Price List rate " + hourly.path("rateCode").asText("?"));
    }

    private static JsonNode onDemandHourlyDimension(JsonNode onDemandTerms) throws BadEntry {
        JsonNode found = null;
        for (JsonNode term : onDemandTerms) {
            for (JsonNode dimension : term.path("priceDimensions")) {
                if (!HOURLY_UNIT.equals(dimension.path("unit").textValue())) {
                    continue;
                }
                if (found != null) {
                    throw new BadEntry("several on-demand hourly rates; cannot tell which applies");
                }
                found = dimension;
            }
        }
        if (found == null) {
            throw new BadEntry("no OnDemand term with an hourly (Hrs) rate");
        }
        return found;
    }
}
