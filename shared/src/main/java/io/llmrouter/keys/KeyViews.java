package io.llmrouter.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/**
 * A key as the admin API shows it: every field but the secret's hash, which no answer carries (the
 * secret itself is shown once, by the create answer alone).
 */
public final class KeyViews {

    private static final ObjectMapper JSON = new ObjectMapper();

    private KeyViews() {
    }

    public static ObjectNode view(ApiKey key) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", key.id());
        node.put("object", "api_key");
        node.put("name", key.name());
        node.put("team", key.team());
        ObjectNode tags = node.putObject("tags");
        key.tags().forEach(tags::put);
        key.models().forEach(node.putArray("models")::add);
        key.targets().forEach(node.putArray("targets")::add);
        if (key.budget() == null) {
            node.putNull("budget");
        } else {
            node.putObject("budget").put("usd", key.budget().usd()).put("period", key.budget().period().wireName());
        }
        if (key.limits() == null) {
            node.putNull("limits");
        } else {
            ObjectNode limits = node.putObject("limits");
            limits.put("rpm", key.limits().rpm());
            limits.put("tpm", key.limits().tpm());
        }
        putInstant(node, "expiresAt", key.expiresAt());
        putInstant(node, "createdAt", key.createdAt());
        putInstant(node, "revokedAt", key.revokedAt());
        return node;
    }

    private static void putInstant(ObjectNode node, String field, Instant value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value.toString());
        }
    }
}
