package io.llmrouter.cost.feed;

/** One entry of a feed cannot be read; the parser records it as a {@link PriceRejection} and goes on. */
final class BadEntry extends Exception {

    BadEntry(String reason) {
        super(reason, null, false, false);
    }
}
