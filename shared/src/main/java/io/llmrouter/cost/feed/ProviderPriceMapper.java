package io.llmrouter.cost.feed;

import io.llmrouter.config.ProviderConfig;
import io.llmrouter.state.CostBasis;
import io.llmrouter.state.CostRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns feed prices into the {@link CostRecord}s of one configured provider.
 *
 * <p>A price belongs to a provider when its {@link ModelPrice#providerType()} is the provider's type
 * and, if the provider lists {@code models}, its upstream model is one of them. The record's model is
 * the upstream name ({@code gemini-2.0-flash}), the name requests to that provider carry. When two
 * prices give the same model (a feed listing a model under two ids), the first one is used.
 */
public final class ProviderPriceMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderPriceMapper.class);

    private ProviderPriceMapper() {
    }

    public static boolean appliesTo(ProviderConfig provider, ModelPrice price) {
        return price.providerType() != null
                && price.providerType() == provider.type()
                && (provider.models().isEmpty() || provider.models().contains(price.upstreamModel()));
    }

    /**
     * @param feedName   the feed the prices came from; becomes the records' {@code source}
     * @param observedAt when the feed was read
     */
    public static List<CostRecord> toCostRecords(ProviderConfig provider, Collection<ModelPrice> prices,
                                                 String feedName, Instant observedAt) {
        List<CostRecord> records = new ArrayList<>();
        Set<String> models = new HashSet<>();
        for (ModelPrice price : prices) {
            if (!appliesTo(provider, price)) {
                continue;
            }
            if (!models.add(price.upstreamModel())) {
                LOG.debug("feed {} lists model {} more than once for provider {}; {} ignored",
                        feedName, price.upstreamModel(), provider.name(), price.feedModelId());
                continue;
            }
            records.add(new CostRecord(provider.name(), price.upstreamModel(), price.inputPer1k(),
                    price.outputPer1k(), price.cachedInputPer1k(), null, price.contextWindow(),
                    CostBasis.PRICE_FEED, feedName, observedAt));
        }
        return records;
    }
}
