package io.llmrouter.cost.feed;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ProviderType;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PriceGuardTest {

    private final PriceGuard<ModelPrice> guard = PriceGuard.forModelPrices(10);

    private static ModelPrice price(String id, double input, double output, Double cached) {
        return new ModelPrice(id, id, "openai", ProviderType.OPENAI, input, output, cached, 128000, "chat");
    }

    private static final ModelPrice MINI = price("gpt-4o-mini", 1.5e-7, 6e-7, 7.5e-8);
    private static final ModelPrice GPT4O = price("gpt-4o", 2.5e-6, 1e-5, 1.25e-6);

    private void assertRejected(ModelPrice bad, String reasonPart) {
        PriceReview<ModelPrice> review = guard.review(List.of(MINI, bad), List.of());
        assertEquals(List.of(MINI), review.accepted());
        assertEquals(1, review.rejections().size());
        assertEquals(bad.feedModelId(), review.rejections().get(0).key());
        assertTrue(review.rejections().get(0).reason().contains(reasonPart), review.rejections().get(0).reason());
    }

    @Test
    void acceptsSanePricesWithoutALastGoodSet() {
        PriceReview<ModelPrice> review = guard.review(List.of(MINI, GPT4O), List.of());
        assertEquals(List.of(MINI, GPT4O), review.accepted());
        assertEquals(List.of(), review.rejections());
    }

    @Test
    void rejectsNegativePrices() {
        assertRejected(price("gpt-4o", -2.5e-6, 1e-5, null), "input token price -0.0000025 $/token is negative");
    }

    @Test
    void rejectsNaNAndInfinity() {
        assertRejected(price("gpt-4o", 2.5e-6, Double.NaN, null), "output token price NaN $/token is not a finite");
        assertRejected(price("gpt-4o", 2.5e-6, 1e-5, Double.POSITIVE_INFINITY), "cached input token price Infinity");
    }

    @Test
    void rejectsZeroForAPaidModel() {
        assertRejected(price("gpt-4o", 0, 1e-5, null), "input token price 0 $/token is zero");
        assertRejected(price("gpt-4o", 2.5e-6, 1e-5, 0.0), "cached input token price 0 $/token is zero");
    }

    @Test
    void rejectsAbsurdPrices() {
        assertRejected(price("gpt-4o", 2.5e-6, 1.0, null), "above the believable maximum of 0.01 $/token");
        // A feed that switched to $ per 1K tokens without saying so.
        assertRejected(price("gpt-4o", 2.5, 10, null), "above the believable maximum");
    }

    @Test
    void theDearestRealListPricesPass() {
        // $150 / $600 per million tokens, the top of the market.
        ModelPrice dearest = price("o1-pro", 1.5e-4, 6e-4, null);
        assertEquals(List.of(dearest), guard.review(List.of(dearest), List.of()).accepted());
    }

    @Test
    void aHundredfoldJumpIsRejectedSoTheLastGoodPriceStays() {
        ModelPrice jumped = price("gpt-4o-mini", 1.5e-5, 6e-7, 7.5e-8);
        PriceReview<ModelPrice> review = guard.review(List.of(jumped, GPT4O), List.of(MINI, GPT4O));
        assertEquals(List.of(GPT4O), review.accepted());
        assertEquals(List.of(new PriceRejection("gpt-4o-mini", "input token price moved from 0.00000015 to 0.000015"
                + " $/token (x100.0), more than maxJumpFactor 10.0; the last good price is kept")), review.rejections());
    }

    @Test
    void aHundredfoldDropIsRejectedToo() {
        ModelPrice dropped = price("gpt-4o", 2.5e-6, 1e-7, 1.25e-6);
        PriceReview<ModelPrice> review = guard.review(List.of(dropped), List.of(GPT4O));
        assertEquals(List.of(), review.accepted());
        assertTrue(review.rejections().get(0).reason().contains("output token price moved"));
    }

    @Test
    void aMoveWithinTheFactorIsAccepted() {
        ModelPrice cut = price("gpt-4o", 1.25e-6, 5e-6, 6.25e-7);
        assertEquals(List.of(cut), guard.review(List.of(cut), List.of(GPT4O)).accepted());
    }

    @Test
    void aCachePriceThatAppearsIsNotAJump() {
        ModelPrice withCache = price("gpt-4o", 2.5e-6, 1e-5, 1.25e-6);
        ModelPrice lastWithoutCache = price("gpt-4o", 2.5e-6, 1e-5, null);
        assertEquals(List.of(withCache), guard.review(List.of(withCache), List.of(lastWithoutCache)).accepted());
    }

    @Test
    void aSecondEntryWithTheSameKeyIsDroppedOrRejected() {
        ModelPrice other = price("gpt-4o-mini", 3e-7, 1.2e-6, null);
        PriceReview<ModelPrice> review = guard.review(List.of(MINI, MINI, other), List.of());
        assertEquals(List.of(MINI), review.accepted());
        assertEquals(List.of(new PriceRejection("gpt-4o-mini", "a second entry with other prices; the first one is kept")),
                review.rejections());
    }

    @Test
    void parserRejectionsComeFirstInTheReview() {
        PriceRejection unreadable = new PriceRejection("o3-mini", "input_cost_per_token is not a number");
        FeedParse<ModelPrice> parsed = new FeedParse<>(List.of(MINI, price("gpt-4o", -1, 1e-5, null)),
                List.of(unreadable));
        PriceReview<ModelPrice> review = guard.review(parsed, List.of());
        assertEquals(List.of(MINI), review.accepted());
        assertEquals(List.of("o3-mini", "gpt-4o"), review.rejections().stream().map(PriceRejection::key).toList());
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 0.5, 0, -3, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesAJumpFactorThatCannotWork(double factor) {
        assertThrows(IllegalArgumentException.class, () -> PriceGuard.forModelPrices(factor));
    }

    @Test
    void guardsNodePricesPerCloudRegionAndType() {
        NodePrice last = new NodePrice(CloudProvider.AWS, "us-west-2", "t3.large", 0.0832, "a");
        NodePrice jumped = new NodePrice(CloudProvider.AWS, "us-west-2", "t3.large", 8.32, "b");
        NodePrice otherRegion = new NodePrice(CloudProvider.AWS, "us-east-1", "t3.large", 8.32, "c");
        NodePrice absurd = new NodePrice(CloudProvider.AWS, "us-east-2", "t3.large", 5000, "d");
        PriceReview<NodePrice> review = PriceGuard.forNodePrices(5)
                .review(List.of(jumped, otherRegion, absurd), List.of(last));
        assertEquals(List.of(otherRegion), review.accepted());
        assertEquals(List.of("AWS/us-west-2/t3.large", "AWS/us-east-2/t3.large"),
                review.rejections().stream().map(PriceRejection::key).toList());
    }

    @Test
    void guardsCostRecordsPerTargetAndModelInPer1kUnits() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        CostRecord stored = new CostRecord("openai", "gpt-4o-mini", 0.00015, 0.0006, 0.000075, null, 128000,
                CostBasis.PRICE_FEED, "litellm", now);
        CostRecord jumped = new CostRecord("openai", "gpt-4o-mini", 0.015, 0.0006, 0.000075, null, 128000,
                CostBasis.PRICE_FEED, "litellm", now.plusSeconds(60));
        CostRecord otherTarget = new CostRecord("openai-eu", "gpt-4o-mini", 0.015, 0.06, null, null, null,
                CostBasis.PRICE_FEED, "litellm", now.plusSeconds(60));
        CostRecord perMillion = new CostRecord("openai", "gpt-4o", 2.5, 10000, null, null, null,
                CostBasis.PRICE_FEED, "litellm", now.plusSeconds(60));
        PriceReview<CostRecord> review = PriceGuard.forCostRecords(10)
                .review(List.of(jumped, otherTarget, perMillion), List.of(stored));
        assertEquals(List.of(otherTarget), review.accepted());
        assertEquals(List.of("openai/gpt-4o-mini", "openai/gpt-4o"),
                review.rejections().stream().map(PriceRejection::key).toList());
        assertTrue(review.rejections().get(1).reason().contains("above the believable maximum of 10 $/1K tokens"),
                review.rejections().get(1).reason());
    }
}
