package io.llmrouter.config;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads one entry of {@code clusters}. {@code costPerHour} is optional: without it, cost-refresh looks the
 * node price up by {@code provider}, {@code region} and {@code instanceType}, which are then required.
 */
final class ClusterReader {

    private static final List<String> KEYS = List.of("name", "endpoint", "region", "provider", "costPerHour",
            "instanceType", "tokensPerSecond", "contextWindow", "models", "authType", "sharedSecret", "apiKey",
            "clientCert", "clientKey", "caCert", "certFile", "keyFile");
    private static final Map<String, CloudProvider> CLOUDS =
            Map.of("aws", CloudProvider.AWS, "gcp", CloudProvider.GCP, "azure", CloudProvider.AZURE);
    private static final Map<String, AuthType> AUTH_TYPES = Arrays.stream(AuthType.values())
            .collect(Collectors.toMap(ClusterReader::yamlName, Function.identity()));

    private ClusterReader() {
    }

    /** @return the cluster, or null when the entry is not a mapping (reported) */
    static ClusterConfig read(ConfigNode node) {
        if (!node.checkMapping(KEYS, List.of())) {
            return null;
        }
        String name = TargetNames.read(node.get("name"));
        URI endpoint = node.get("endpoint").httpUri().required().get();
        Field<String> region = node.get("region").text();
        Field<CloudProvider> provider = node.get("provider").choice(CLOUDS);
        Field<Double> costPerHour = node.get("costPerHour").number().check(cost -> cost > 0, "must be > 0");
        Field<String> instanceType = node.get("instanceType").text();
        if (!costPerHour.isPresent() && instanceType.isPresent()) {
            // The node price is looked up by cloud, region and instance type: all three must be known.
            provider.required("is required to look up the node price when costPerHour is not set");
            region.required("is required to look up the node price when costPerHour is not set");
        }
        return new ClusterConfig(
                name,
                endpoint,
                region.get(),
                provider.get(),
                costPerHour.get(),
                instanceType.get(),
                node.get("tokensPerSecond").number().check(tps -> tps > 0, "must be > 0").get(),
                node.get("models").texts(),
                node.get("contextWindow").integer().check(tokens -> tokens > 0, "must be > 0").get(),
                auth(node));
    }

    /**
     * Each credential is required by its own auth type and refused by the others, so that a forgotten or
     * mistyped authType never silently sends requests to a cluster unauthenticated. {@code certFile} and
     * {@code keyFile} are the Go router's names for {@code clientCert} and {@code clientKey}.
     */
    private static ClusterAuth auth(ConfigNode node) {
        Field<AuthType> typeField = node.get("authType").choice(AUTH_TYPES);
        if (typeField.isPresent() && typeField.get() == null) {
            // The invalid authType is reported; which credentials belong to it cannot be judged.
            return new ClusterAuth(AuthType.NONE, node.get("sharedSecret").secret().get(),
                    node.get("apiKey").secret().get(), null, null, null);
        }
        AuthType type = typeField.orElse(AuthType.NONE);
        String typeStated = typeField.isPresent() ? "authType is " + yamlName(type) : "authType is not set";
        return new ClusterAuth(type,
                credential(node.get("sharedSecret").secret(), AuthType.HMAC, type, typeStated),
                credential(node.get("apiKey").secret(), AuthType.API_KEY, type, typeStated),
                credential(node.either("clientCert", "certFile").text(), AuthType.MTLS, type, typeStated),
                credential(node.either("clientKey", "keyFile").text(), AuthType.MTLS, type, typeStated),
                node.get("caCert").text().get());
    }

    private static String credential(Field<String> field, AuthType owner, AuthType type, String typeStated) {
        if (type == owner) {
            field.required("is required with authType " + yamlName(owner));
        } else if (field.isPresent()) {
            field.reject("is only used with authType " + yamlName(owner) + ", but " + typeStated);
        }
        return field.get();
    }

    private static String yamlName(AuthType type) {
        return switch (type) {
            case HMAC -> "hmac";
            case MTLS -> "mtls";
            case API_KEY -> "apiKey";
            case NONE -> "none";
        };
    }
}
