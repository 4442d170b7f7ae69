package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.config.CloudProvider;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one page of the Cloud Billing Catalog API's Compute Engine SKUs
 * ({@code GET v1/services/6F81-5844-456A/skus}): {@code {"skus": [...], "nextPageToken"}}.
 *
 * <p>Keeps {@code OnDemand} SKUs whose description names an N1 predefined or N2 vCPU or RAM component
 * ("N1 Predefined Instance Core running in Americas", "N2 Instance Ram running in Belgium"); the
 * description is the only field that tells the series apart, since N2, N2D, E2... share the
 * {@code CPU} and {@code RAM} resource groups. Preemptible/Spot and commitment SKUs are skipped by
 * {@code usageType}. A SKU applies to every region in its {@code serviceRegions}; its price is the
 * tier starting at 0 of its first pricingInfo, {@code units + nanos / 1e9} USD per hour (vCPU) or per
 * GiB-hour (RAM). Each region with both a core and a RAM price gets one {@link NodePrice} per
 * machine type of {@link GcpMachineShapes}; a region with only one of the two is rejected.
 */
public final class GcpBillingCatalogParser implements PriceFeedParser<NodePrice> {

    private static final String FEED = "GCP billing catalog";
    private static final String ON_DEMAND = "OnDemand";
    private static final Pattern COMPONENT = Pattern.compile("^(N1 Predefined|N2) Instance (Core|Ram) running in ");
    private static final Map<String, String> SERIES_BY_DESCRIPTION = Map.of(
            "N1 Predefined", GcpMachineShapes.N1,
            "N2", GcpMachineShapes.N2);

    private enum Part {
        CORE("h"), RAM("GiBy.h");

        final String usageUnit;

        Part(String usageUnit) {
            this.usageUnit = usageUnit;
        }
    }

    private record SeriesRegion(String series, String region) {
    }

    private record ComponentPrice(String skuId, BigDecimal usd) {
    }

    @Override
    public FeedParse<NodePrice> parse(byte[] body) throws PriceFeedException {
        return parseRoot(FeedJson.readRootObject(body, FEED));
    }

    /**
     * Reads a document already parsed. A machine's price needs its core and its RAM SKU, which may come
     * on different pages, so the SKUs of every page are gathered into one document first.
     */
    FeedParse<NodePrice> parseRoot(JsonNode root) throws PriceFeedException {
        JsonNode skus = FeedJson.requireArray(root, "skus", FEED);
        Map<Part, Map<SeriesRegion, ComponentPrice>> components = Map.of(
                Part.CORE, new LinkedHashMap<>(), Part.RAM, new LinkedHashMap<>());
        List<PriceRejection> rejections = new ArrayList<>();
        for (int i = 0; i < skus.size(); i++) {
            JsonNode sku = skus.get(i);
            Matcher component = COMPONENT.matcher(sku.path("description").asText(""));
            if (!isOnDemand(sku) || !component.lookingAt()) {
                continue;
            }
            String skuId = sku.path("skuId").asText("skus[" + i + "]");
            String series = SERIES_BY_DESCRIPTION.get(component.group(1));
            Part part = component.group(2).equals("Core") ? Part.CORE : Part.RAM;
            try {
                ComponentPrice price = new ComponentPrice(skuId, unitPrice(sku, part));
                for (String region : serviceRegions(sku)) {
                    ComponentPrice earlier = components.get(part).putIfAbsent(new SeriesRegion(series, region), price);
                    if (earlier != null && earlier.usd().compareTo(price.usd()) != 0) {
                        rejections.add(new PriceRejection("sku " + skuId, "price for " + region
                                + " conflicts with sku " + earlier.skuId() + "; the first one is kept"));
                    }
                }
            } catch (BadEntry e) {
                rejections.add(new PriceRejection("sku " + skuId, e.getMessage()));
            }
        }
        return machinePrices(components.get(Part.CORE), components.get(Part.RAM), rejections);
    }

    /**
     * Whether a SKU is one this parser prices machines from. The catalog lists thousands of
     * Compute Engine SKUs; a reader of many pages keeps only these, instead of every page in memory.
     */
    static boolean isMachineComponent(JsonNode sku) {
        return isOnDemand(sku) && COMPONENT.matcher(sku.path("description").asText("")).lookingAt();
    }

    private static boolean isOnDemand(JsonNode sku) {
        return ON_DEMAND.equals(sku.path("category").path("usageType").textValue());
    }

    private static FeedParse<NodePrice> machinePrices(Map<SeriesRegion, ComponentPrice> cores,
                                                      Map<SeriesRegion, ComponentPrice> rams,
                                                      List<PriceRejection> rejections) {
        Set<SeriesRegion> places = new LinkedHashSet<>(cores.keySet());
        places.addAll(rams.keySet());
        List<NodePrice> prices = new ArrayList<>();
        for (SeriesRegion place : places) {
            ComponentPrice core = cores.get(place);
            ComponentPrice ram = rams.get(place);
            if (core == null || ram == null) {
                rejections.add(new PriceRejection("GCP " + place.series() + " " + place.region(),
                        (core == null ? "RAM" : "core") + " price without a "
                                + (core == null ? "core" : "RAM") + " price: machine prices need both"));
                continue;
            }
            for (GcpMachineShapes.Shape shape : GcpMachineShapes.ofSeries(place.series())) {
                BigDecimal hourly = core.usd().multiply(shape.vcpus()).add(ram.usd().multiply(shape.memoryGib()));
                prices.add(new NodePrice(CloudProvider.GCP, place.region(), shape.machineType(), hourly.doubleValue(),
                        "GCP billing catalog skus " + core.skuId() + " (core) + " + ram.skuId() + " (RAM)"));
            }
        }
        return new FeedParse<>(prices, rejections);
    }

    private static List<String> serviceRegions(JsonNode sku) throws BadEntry {
        List<String> regions = new ArrayList<>();
        for (JsonNode region : sku.path("serviceRegions")) {
            if (region.isTextual()) {
                regions.add(region.textValue());
            }
        }
        if (regions.isEmpty()) {
            throw new BadEntry("sku without serviceRegions");
        }
        return regions;
    }

    /** USD per usage unit of the current pricing's base tier. */
    private static BigDecimal unitPrice(JsonNode sku, Part part) throws BadEntry {
        JsonNode expression = sku.path("pricingInfo").path(0).path("pricingExpression");
        String usageUnit = expression.path("usageUnit").textValue();
        if (!part.usageUnit.equals(usageUnit)) {
            throw new BadEntry("usage unit " + usageUnit + ", expected " + part.usageUnit);
        }
        for (JsonNode rate : expression.path("tieredRates")) {
            BigDecimal start = FeedJson.decimal(rate.get("startUsageAmount"), "startUsageAmount");
            if (start != null && start.signum() != 0) {
                continue;
            }
            JsonNode unitPrice = rate.path("unitPrice");
            String currency = unitPrice.path("currencyCode").textValue();
            if (!"USD".equals(currency)) {
                throw new BadEntry("price in " + currency + ", expected USD");
            }
            BigDecimal units = FeedJson.decimal(unitPrice.get("units"), "unitPrice.units");
            BigDecimal nanos = FeedJson.decimal(unitPrice.get("nanos"), "unitPrice.nanos");
            if (units == null && nanos == null) {
                throw new BadEntry("unitPrice without units or nanos");
            }
            BigDecimal whole = units == null ? BigDecimal.ZERO : units;
            BigDecimal fraction = nanos == null ? BigDecimal.ZERO : nanos.movePointLeft(9);
            return whole.add(fraction);
        }
        throw new BadEntry("no pricing tier starting at 0");
    }
}
