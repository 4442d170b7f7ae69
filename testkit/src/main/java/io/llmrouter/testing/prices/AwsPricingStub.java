package io.llmrouter.testing.prices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback AWS Price List Query API, speaking its JSON 1.1 protocol for {@code GetProducts}:
 * {@code POST /}, SigV4-signed for service {@code pricing}, {@code X-Amz-Target:
 * AWSPriceListService.GetProducts}, body {@code {"ServiceCode","Filters":[{"Type","Field","Value"}],
 * "FormatVersion","NextToken","MaxResults"}}. It answers as the API does:
 * <ul>
 *   <li>only products whose attributes match every {@code TERM_MATCH} filter;</li>
 *   <li>{@code {"FormatVersion":"aws_v1","PriceList":["<product JSON>",...],"NextToken"}}, at most
 *       {@code MaxResults} (1 to 100) and at most {@link #pageSize} products per page, the NextToken left
 *       out on the last page;</li>
 *   <li>HTTP 400 {@code {"__type":"NotFoundException"}} for a service code other than AmazonEC2,
 *       {@code InvalidParameterException} for another filter type, format version or MaxResults,
 *       {@code InvalidNextTokenException} for a token it did not issue.</li>
 * </ul>
 * The products are those of {@code aws-pricing-getproducts.json} unless {@link #serve} replaces them.
 */
public final class AwsPricingStub extends PriceListStub {

    private static final String TARGET = "AWSPriceListService.GetProducts";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final String region;
    private final Map<String, Integer> issuedTokens = new ConcurrentHashMap<>();
    private volatile List<String> products;
    private volatile int pageSize = 100;

    /** @param region the Price List region the client must sign for */
    public AwsPricingStub(String region) {
        this.region = region;
        serve(sample("aws-pricing-getproducts.json").toString());
    }

    /** Serves the products of a GetProducts answer in the sample's shape instead. */
    public void serve(String getProductsAnswer) {
        List<String> list = new ArrayList<>();
        for (JsonNode product : parse(getProductsAnswer).path("PriceList")) {
            list.add(product.isTextual() ? product.textValue() : product.toString());
        }
        products = List.copyOf(list);
    }

    /** Pages hold at most this many products, however many MaxResults allows. */
    public void pageSize(int products) {
        pageSize = products;
    }

    /** The GetProducts requests received. */
    public List<JsonNode> getProductsCalls() {
        return requests().stream().map(Request::body).toList();
    }

    @Override
    protected void answer(HttpExchange exchange, Request request) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (!"POST".equals(request.method()) || contentType == null || !contentType.startsWith(CONTENT_TYPE)
                || request.body() == null) {
            respond(exchange, 400, error("SerializationException", "Start of structure or map found where not expected."));
            return;
        }
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")
                || !authorization.contains("/" + region + "/pricing/aws4_request")) {
            respond(exchange, 403, error("InvalidSignatureException", "Credential should be scoped to a valid region."));
            return;
        }
        if (!TARGET.equals(exchange.getRequestHeaders().getFirst("X-Amz-Target"))) {
            respond(exchange, 400, error("UnknownOperationException", null));
            return;
        }
        JsonNode call = request.body();
        if (!"AmazonEC2".equals(call.path("ServiceCode").asText())) {
            respond(exchange, 400, error("NotFoundException", "Could not find service " + call.path("ServiceCode").asText()));
            return;
        }
        if (call.has("FormatVersion") && !"aws_v1".equals(call.path("FormatVersion").asText())) {
            respond(exchange, 400, error("InvalidParameterException", "Invalid FormatVersion"));
            return;
        }
        int maxResults = call.path("MaxResults").asInt(100);
        if (maxResults < 1 || maxResults > 100) {
            respond(exchange, 400, error("InvalidParameterException", "MaxResults must be between 1 and 100"));
            return;
        }
        List<String> matching = new ArrayList<>();
        for (String product : products) {
            Boolean matches = matches(parse(product).path("product").path("attributes"), call.path("Filters"));
            if (matches == null) {
                respond(exchange, 400, error("InvalidParameterException", "Only TERM_MATCH filters are supported here"));
                return;
            }
            if (matches) {
                matching.add(product);
            }
        }
        int from = 0;
        if (call.hasNonNull("NextToken")) {
            Integer offset = issuedTokens.get(call.path("NextToken").asText());
            if (offset == null) {
                respond(exchange, 400, error("InvalidNextTokenException", "The NextToken is invalid"));
                return;
            }
            from = offset;
        }
        int to = Math.min(matching.size(), from + Math.min(maxResults, pageSize));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("FormatVersion", "aws_v1");
        matching.subList(from, to).forEach(answer.putArray("PriceList")::add);
        if (to < matching.size()) {
            String token = UUID.randomUUID().toString();
            issuedTokens.put(token, to);
            answer.put("NextToken", token);
        }
        respond(exchange, 200, answer.toString());
    }

    /** True when every filter matches, null for a filter type this stand-in does not implement. */
    private static Boolean matches(JsonNode attributes, JsonNode filters) {
        for (JsonNode filter : filters) {
            if (!"TERM_MATCH".equals(filter.path("Type").asText())) {
                return null;
            }
            if (!filter.path("Value").asText().equals(attributes.path(filter.path("Field").asText()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    @Override
    protected String errorBody(int status, String message) {
        return error(status >= 500 ? "InternalErrorException" : "InvalidParameterException", message);
    }

    private static String error(String type, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.put("__type", type);
        if (message != null) {
            error.put("Message", message);
        }
        return error.toString();
    }
}
