package io.llmrouter.batch;

import io.llmrouter.state.RoutingSnapshot;

/**
 * Runs one batch request through the router's request path (validation, routing, forwarding, pricing). The gateway
 * implements it, so that a batch request is routed, sent and priced exactly as a live one.
 */
public interface ItemExecutor {

    /** The routing state the next placements are made on. */
    RoutingSnapshot routingState();

    /**
     * Runs {@code body} (a chat completion request) on the target {@code placement} allows, within the bounds of
     * {@code caller}'s key as a live request of that key would be.
     *
     * @param caller the batch's {@link Batch#caller()}
     * @return how it ended; {@link Outcome.NotPlaced} when it cannot go now (the placement's target cannot take
     *         it, or its key is at a budget or rate limit: the item waits for another pass),
     *         {@link Outcome.Retry} when every target tried failed
     */
    Outcome run(String caller, String body, BatchPlacement.Choice placement);

    sealed interface Outcome {
        /** An answer for the item's line, a client error of the request included. */
        record Done(ItemResult result) implements Outcome {
        }

        /**
         * Nothing was sent, and it may go later: the placement's target is not a candidate now, or the key is at
         * one of its rate limits or budgets (which a new minute or period, or an admin, may lift).
         */
        record NotPlaced(String why) implements Outcome {
        }

        /** Sent, but every target failed: worth trying again after a while. */
        record Retry(String why) implements Outcome {
        }
    }
}
