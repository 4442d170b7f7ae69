package io.llmrouter.cost.feed;

import java.util.List;

/**
 * The outcome of checking a new price set: the prices to write, and every entry left out with its
 * reason. For a rejected entry the caller writes nothing, so the last good record stays in place.
 */
public record PriceReview<P>(List<P> accepted, List<PriceRejection> rejections) {

    public PriceReview {
        accepted = List.copyOf(accepted);
        rejections = List.copyOf(rejections);
    }
}
