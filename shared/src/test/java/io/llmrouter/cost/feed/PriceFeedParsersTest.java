package io.llmrouter.cost.feed;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.PriceFeedFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceFeedParsersTest {

    @ParameterizedTest
    @EnumSource(PriceFeedFormat.class)
    void everyConfiguredFeedFormatHasAParserThatReadsItsFixture(PriceFeedFormat format) throws PriceFeedException {
        String fixture = format == PriceFeedFormat.LITELLM ? PriceFeedFixtures.LITELLM : PriceFeedFixtures.OPENROUTER;
        assertTrue(ModelPriceParsers.forFormat(format).parse(PriceFeedFixtures.bytes(fixture)).prices().size() > 1);
    }

    @ParameterizedTest
    @EnumSource(CloudProvider.class)
    void everyCloudHasItsOwnNodePriceParser(CloudProvider cloud) {
        Class<?> expected = switch (cloud) {
            case AWS -> AwsPriceListParser.class;
            case AZURE -> AzureRetailPriceParser.class;
            case GCP -> GcpBillingCatalogParser.class;
        };
        assertInstanceOf(expected, NodePriceParsers.forCloud(cloud));
    }
}
