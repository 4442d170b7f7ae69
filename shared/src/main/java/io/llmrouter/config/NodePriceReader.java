package io.llmrouter.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the {@code nodePrices} section (see {@link NodePriceSettings}) and checks it against the clusters
 * that need a lookup: a GCP lookup without an API key would fail on every refresh, so it fails the load.
 */
final class NodePriceReader {

    private static final List<String> KEYS = List.of("timeout", "maxJumpFactor", "aws", "azure", "gcp");
    private static final List<String> AWS_KEYS = List.of("region", "endpoint");
    private static final List<String> AZURE_KEYS = List.of("endpoint");
    private static final List<String> GCP_KEYS = List.of("apiKey", "endpoint");
    /** The regions the Price List Query API is offered in. */
    private static final Map<String, String> PRICING_REGIONS = List.of("us-east-1", "eu-central-1", "ap-south-1")
            .stream().collect(Collectors.toMap(Function.identity(), Function.identity()));

    private NodePriceReader() {
    }

    static NodePriceSettings read(ConfigNode node, List<ClusterConfig> clusters) {
        node.checkMapping(KEYS, List.of());
        NodePriceSettings defaults = NodePriceSettings.defaults();
        ConfigNode aws = node.get("aws");
        aws.checkMapping(AWS_KEYS, List.of());
        ConfigNode azure = node.get("azure");
        azure.checkMapping(AZURE_KEYS, List.of());
        ConfigNode gcp = node.get("gcp");
        gcp.checkMapping(GCP_KEYS, List.of());
        NodePriceSettings settings = new NodePriceSettings(
                node.get("timeout").duration().check(Duration::isPositive, "must be longer than zero")
                        .orElse(defaults.timeout()),
                node.get("maxJumpFactor").number().check(f -> f > 1, "must be > 1").orElse(defaults.maxJumpFactor()),
                aws.get("region").choice(PRICING_REGIONS).orElse(defaults.awsPricingRegion()),
                aws.get("endpoint").httpUri().orElse(defaults.awsEndpoint()),
                azure.get("endpoint").httpUri().orElse(defaults.azureEndpoint()),
                gcp.get("endpoint").httpUri().orElse(defaults.gcpEndpoint()),
                gcp.get("apiKey").secret().get());
        List<String> gcpLookups = clusters.stream()
                .filter(c -> c.looksUpNodePrice() && c.provider() == CloudProvider.GCP)
                .map(ClusterConfig::name)
                .toList();
        if (settings.gcpApiKey() == null && !gcpLookups.isEmpty()) {
            gcp.get("apiKey").report("is required to look up the node price of " + String.join(", ", gcpLookups)
                    + " (no costPerHour): set it, or give the cluster a costPerHour");
        }
        return settings;
    }
}
