package io.llmrouter.testing.prices;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback Cloud Billing Catalog API for Compute Engine:
 * {@code GET /v1/services/6F81-5844-456A/skus?key=...&currencyCode=USD&pageSize=N&pageToken=...},
 * answering {@code {"skus":[...],"nextPageToken":"..."}} as the API does:
 * <ul>
 *   <li>every SKU of the service (the API cannot filter them), at most {@code pageSize} (1 to 5000) and at
 *       most {@link #pageSize} per page, {@code nextPageToken} empty on the last page;</li>
 *   <li>HTTP 403 {@code PERMISSION_DENIED} without a key, 400 {@code INVALID_ARGUMENT} for a key other than
 *       the one it was made with, a page size out of range, a currency other than USD (the only one the
 *       sample has) or a page token it did not issue; 404 for another path.</li>
 * </ul>
 * The SKUs are those of {@code gcp-billing-skus.json} unless {@link #serve} replaces them.
 */
public final class GcpBillingCatalogStub extends PriceListStub {

    public static final String PATH = "/v1/services/6F81-5844-456A/skus";

    private final String apiKey;
    private final Map<String, Integer> issuedTokens = new ConcurrentHashMap<>();
    private volatile ArrayNode skus;
    private volatile int pageSize = 5000;

    /** @param apiKey the only key it accepts */
    public GcpBillingCatalogStub(String apiKey) {
        this.apiKey = apiKey;
        serve(sample("gcp-billing-skus.json").toString());
    }

    /** Serves the SKUs of an answer in the sample's shape instead. */
    public void serve(String answer) {
        skus = (ArrayNode) parse(answer).path("skus");
    }

    public void pageSize(int skus) {
        pageSize = skus;
    }

    /** The endpoint to configure ({@code nodePrices.gcp.endpoint}). */
    public URI endpoint() {
        return URI.create(origin() + PATH);
    }

    @Override
    protected void answer(HttpExchange exchange, Request request) throws IOException {
        if (!PATH.equals(request.path()) || !"GET".equals(request.method())) {
            respond(exchange, 404, error(404, "NOT_FOUND", "Requested entity was not found."));
            return;
        }
        Map<String, String> query = request.query();
        String key = query.get("key");
        if (key == null || key.isEmpty()) {
            respond(exchange, 403, error(403, "PERMISSION_DENIED", "The request is missing a valid API key."));
            return;
        }
        if (!key.equals(apiKey)) {
            respond(exchange, 400, error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key."));
            return;
        }
        if (!"USD".equals(query.getOrDefault("currencyCode", "USD"))) {
            respond(exchange, 400, error(400, "INVALID_ARGUMENT", "This stand-in has USD prices only."));
            return;
        }
        int requested;
        try {
            requested = Integer.parseInt(query.getOrDefault("pageSize", "5000"));
        } catch (NumberFormatException e) {
            requested = -1;
        }
        if (requested < 1 || requested > 5000) {
            respond(exchange, 400, error(400, "INVALID_ARGUMENT", "Invalid value at 'page_size'"));
            return;
        }
        int from = 0;
        String token = query.getOrDefault("pageToken", "");
        if (!token.isEmpty()) {
            Integer offset = issuedTokens.get(token);
            if (offset == null) {
                respond(exchange, 400, error(400, "INVALID_ARGUMENT", "Invalid page token."));
                return;
            }
            from = offset;
        }
        int to = Math.min(skus.size(), from + Math.min(requested, pageSize));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode page = answer.putArray("skus");
        for (int i = from; i < to; i++) {
            page.add(skus.get(i));
        }
        String next = "";
        if (to < skus.size()) {
            next = UUID.randomUUID().toString();
            issuedTokens.put(next, to);
        }
        answer.put("nextPageToken", next);
        respond(exchange, 200, answer.toString());
    }

    @Override
    protected String errorBody(int status, String message) {
        return error(status, status >= 500 ? "INTERNAL" : "INVALID_ARGUMENT", message);
    }

    private static String error(int code, String status, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.put("message", message);
        error.put("status", status);
        return body.toString();
    }

    /** The keys sent, for tests that check the key reached the API (and nowhere else). */
    public List<String> keysSent() {
        return requests().stream().map(r -> r.query().get("key")).toList();
    }
}
