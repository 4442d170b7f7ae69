package io.llmrouter.routing.filter;

/**
 * Why a target may not take a request, in words for people, and what kind of no it is.
 *
 * @param reason   the first filter's rejection, the one reported
 * @param busy     only the target's load stands in the way (its queue, its time to first token): it could
 *                 serve the request, later than it should
 * @param tooLarge the request alone does not fit it (its context window): it could take smaller ones
 */
public record Refusal(String reason, boolean busy, boolean tooLarge) {
}
