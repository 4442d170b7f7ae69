package io.llmrouter.cost.feed;

import io.llmrouter.config.NodePriceSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.pricing.PricingClient;

/** The Price List client cost-refresh makes from its settings, with test credentials (for the AWS stand-in). */
public final class TestPricingClients {

    private TestPricingClients() {
    }

    public static PricingClient client(NodePriceSettings settings) {
        return AwsPriceListSource.clientBuilder(settings)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }
}
