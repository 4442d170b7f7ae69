package io.llmrouter.testing.prices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback Azure Retail Prices API: {@code GET /api/retail/prices?api-version=...&$filter=...&$skip=N},
 * answering {@code {"BillingCurrency","CustomerEntityId","CustomerEntityType","Items":[...],"NextPageLink",
 * "Count"}} as the API does:
 * <ul>
 *   <li>only the items matching the OData filter, a conjunction of {@code field eq 'value'} terms
 *       ({@code priceType} compares with an item's {@code type}; {@code ''} in a literal is a quote);</li>
 *   <li>at most {@link #pageSize} items per page (the API's is 100), {@code NextPageLink} the absolute
 *       URL of the next page with {@code $skip}, null on the last page; {@code Count} the page's items;</li>
 *   <li>HTTP 400 {@code {"Error":{"Code":"BadRequest",...}}} for a filter it cannot read or an unknown
 *       api-version, 404 for another path.</li>
 * </ul>
 * The items are those of {@code azure-retail-prices.json} unless {@link #serve} replaces them.
 */
public final class AzureRetailPricesStub extends PriceListStub {

    public static final String PATH = "/api/retail/prices";
    private static final Set<String> API_VERSIONS = Set.of("2021-10-01-preview", "2023-01-01-preview");
    private static final Pattern TERM = Pattern.compile("\\s*(\\w+) eq '((?:[^']|'')*)'\\s*");

    private volatile ArrayNode items;
    private volatile int pageSize = 100;

    public AzureRetailPricesStub() {
        serve(sample("azure-retail-prices.json").toString());
    }

    /** Serves the items of an answer in the sample's shape instead. */
    public void serve(String answer) {
        items = (ArrayNode) parse(answer).path("Items");
    }

    public void pageSize(int items) {
        pageSize = items;
    }

    /** The endpoint to configure ({@code nodePrices.azure.endpoint}). */
    public URI endpoint() {
        return URI.create(origin() + PATH);
    }

    /** The {@code $filter} of each request received. */
    public List<String> filters() {
        return requests().stream().map(r -> r.query().get("$filter")).toList();
    }

    @Override
    protected void answer(HttpExchange exchange, Request request) throws IOException {
        if (!PATH.equals(request.path()) || !"GET".equals(request.method())) {
            respond(exchange, 404, errorBody(404, "Not found"));
            return;
        }
        Map<String, String> query = request.query();
        String version = query.get("api-version");
        if (version != null && !API_VERSIONS.contains(version)) {
            respond(exchange, 400, errorBody(400, "Invalid api-version " + version));
            return;
        }
        Map<String, String> terms = terms(query.getOrDefault("$filter", ""));
        if (terms == null) {
            respond(exchange, 400, errorBody(400, "Invalid OData parameters supplied"));
            return;
        }
        List<JsonNode> matching = new ArrayList<>();
        for (JsonNode item : items) {
            if (terms.entrySet().stream().allMatch(t -> t.getValue().equals(item.path(field(t.getKey())).asText(null)))) {
                matching.add(item);
            }
        }
        int skip = Integer.parseInt(query.getOrDefault("$skip", "0"));
        int to = Math.min(matching.size(), skip + pageSize);
        ObjectNode answer = JSON.createObjectNode();
        answer.put("BillingCurrency", "USD");
        answer.put("CustomerEntityId", "Default");
        answer.put("CustomerEntityType", "Retail");
        ArrayNode page = answer.putArray("Items");
        matching.subList(Math.min(skip, to), to).forEach(page::add);
        if (to < matching.size()) {
            answer.put("NextPageLink", endpoint() + "?" + withSkip(query, to));
        } else {
            answer.putNull("NextPageLink");
        }
        answer.put("Count", page.size());
        respond(exchange, 200, answer.toString());
    }

    /** The filter's terms, or null when it is not a conjunction of {@code field eq 'value'}. */
    private static Map<String, String> terms(String filter) {
        Map<String, String> terms = new LinkedHashMap<>();
        if (filter.isBlank()) {
            return terms;
        }
        for (String term : filter.split(" and ")) {
            Matcher matcher = TERM.matcher(term);
            if (!matcher.matches()) {
                return null;
            }
            terms.put(matcher.group(1), matcher.group(2).replace("''", "'"));
        }
        return terms;
    }

    /** The filter names the price type {@code priceType}; items carry it as {@code type}. */
    private static String field(String filterField) {
        return filterField.equals("priceType") ? "type" : filterField;
    }

    private static String withSkip(Map<String, String> query, int skip) {
        Map<String, String> next = new LinkedHashMap<>(query);
        next.put("$skip", Integer.toString(skip));
        StringBuilder out = new StringBuilder();
        next.forEach((name, value) -> out.append(out.isEmpty() ? "" : "&").append(name).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")));
        return out.toString();
    }

    @Override
    protected String errorBody(int status, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("Error");
        error.put("Code", status >= 500 ? "InternalServerError" : "BadRequest");
        error.put("Message", message);
        return body.toString();
    }
}
