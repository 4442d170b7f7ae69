package io.llmrouter.cost.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The price-feed fixtures under {@code src/test/resources/price-feeds/} (provenance in its README.md). */
final class PriceFeedFixtures {

    static final String LITELLM = "litellm-model-prices.json";
    static final String OPENROUTER = "openrouter-models.json";
    static final String AWS = "aws-pricing-getproducts.json";
    static final String AZURE = "azure-retail-prices.json";
    static final String GCP = "gcp-billing-skus.json";

    static final ObjectMapper JSON = new ObjectMapper();

    private PriceFeedFixtures() {
    }

    static byte[] bytes(String fixture) {
        try (InputStream in = PriceFeedFixtures.class.getResourceAsStream("/price-feeds/" + fixture)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + fixture);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture as a mutable tree, for tests that break one field. */
    static ObjectNode tree(String fixture) {
        try {
            return (ObjectNode) JSON.readTree(bytes(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
