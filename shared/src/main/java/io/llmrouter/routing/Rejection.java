package io.llmrouter.routing;

/**
 * An eligible target the router did not offer for a request, and why, in words for people
 * (e.g. "health record is 125 s old (stale after 90 s)").
 */
public record Rejection(Target target, String upstreamModel, String reason) {
}
