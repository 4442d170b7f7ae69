package io.llmrouter.config;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Reads one entry of {@code clusters}. */
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
        return new ClusterConfig(
                TargetNames.read(node.get("name")),
                node.get("endpoint").httpUri().required().get(),
                node.get("region").text().get(),
                node.get("provider").choice(CLOUDS).get(),
                // 0 stands in only for a missing or invalid price, which is reported: such a config is never returned
                node.get("costPerHour").number().required().check(cost -> cost > 0, "must be > 0").orElse(0.0),
                node.get("instanceType").text().get(),
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
