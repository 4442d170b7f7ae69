package io.llmrouter.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where cost-refresh looks up the on-demand hourly price of a cluster's node when the cluster has no
 * {@code costPerHour} (the {@code nodePrices} section). Every setting has a default, so AWS and Azure
 * lookups work without the section; GCP needs an API key.
 *
 * @param timeout          how long one request to a price API may take (each page is one request)
 * @param maxJumpFactor    a node price moving by more than this factor from the last good one is rejected
 * @param awsPricingRegion where the AWS Price List Query API is called: us-east-1, eu-central-1 or ap-south-1
 *                         (it answers for every EC2 region from any of them)
 * @param awsEndpoint      the Price List API endpoint; null for the SDK's endpoint of {@code awsPricingRegion}
 * @param azureEndpoint    the Azure Retail Prices API
 * @param gcpEndpoint      the Cloud Billing Catalog API's list of Compute Engine SKUs
 * @param gcpApiKey        the Cloud Billing Catalog API key; null when not configured. Never logged.
 */
public record NodePriceSettings(Duration timeout, double maxJumpFactor, String awsPricingRegion, URI awsEndpoint,
                                URI azureEndpoint, URI gcpEndpoint, String gcpApiKey) {

    public static final String DEFAULT_AWS_PRICING_REGION = "us-east-1";
    public static final URI DEFAULT_AZURE_ENDPOINT = URI.create("https://prices.azure.com/api/retail/prices");
    /** 6F81-5844-456A is Compute Engine's service id in the catalog. */
    public static final URI DEFAULT_GCP_ENDPOINT =
            URI.create("https://cloudbilling.googleapis.com/v1/services/6F81-5844-456A/skus");

    public static NodePriceSettings defaults() {
        return new NodePriceSettings(SettingsReader.DEFAULT_FEED_TIMEOUT, SettingsReader.DEFAULT_MAX_JUMP_FACTOR,
                DEFAULT_AWS_PRICING_REGION, null, DEFAULT_AZURE_ENDPOINT, DEFAULT_GCP_ENDPOINT, null);
    }

    @Override
    public String toString() {
        return "NodePriceSettings[timeout=" + timeout + ", maxJumpFactor=" + maxJumpFactor + ", awsPricingRegion="
                + awsPricingRegion + ", awsEndpoint=" + awsEndpoint + ", azureEndpoint=" + azureEndpoint
                + ", gcpEndpoint=" + gcpEndpoint + ", gcpApiKey=" + ClusterAuth.mask(gcpApiKey) + "]";
    }
}
