package io.llmrouter.cost.feed;

import io.llmrouter.config.CloudProvider;

/**
 * The on-demand Linux price of one node type in one region, in US dollars per hour.
 *
 * @param cloud        the cloud whose price list said so
 * @param region       the cloud's region code ({@code us-west-2}, {@code eastus}, {@code us-central1})
 * @param instanceType the node type as the cloud names it ({@code t3.large}, {@code Standard_D2s_v3},
 *                     {@code n1-standard-2})
 * @param pricePerHour $ per hour
 * @param source       the price list entries it came from, so a person can look the figure up
 */
public record NodePrice(CloudProvider cloud, String region, String instanceType, double pricePerHour,
                        String source) {
}
