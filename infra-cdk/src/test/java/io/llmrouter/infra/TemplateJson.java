package io.llmrouter.infra;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Reading a synthesized CloudFormation template (as JSON) by resource type and by reference. */
final class TemplateJson {

    private TemplateJson() {
    }

    /** Logical id to resource, for every resource of the type. */
    static Map<String, JsonNode> resources(JsonNode template, String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        template.path("Resources").properties().forEach(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        });
        return found;
    }

    /** Logical id and resource of the one resource of the type; fails when there is none or several. */
    static Map.Entry<String, JsonNode> only(JsonNode template, String type) {
        Map<String, JsonNode> found = resources(template, type);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type + ", found " + found.keySet());
        }
        return found.entrySet().iterator().next();
    }

    /** The single resource of the type whose property {@code key} has the text {@code value}. */
    static Map.Entry<String, JsonNode> resourceWith(JsonNode template, String type, String key, String value) {
        var matches = resources(template, type).entrySet().stream()
                .filter(entry -> value.equals(entry.getValue().path("Properties").path(key).asText()))
                .toList();
        if (matches.size() != 1) {
            throw new AssertionError("expected one " + type + " with " + key + "=" + value + ", found " + matches.size());
        }
        return matches.getFirst();
    }

    /** The logical id a {@code {"Ref": id}} or {@code {"Fn::GetAtt": [id, attr]}} points at, else null. */
    static String referencedId(JsonNode value) {
        if (value.has("Ref")) {
            return value.get("Ref").asText();
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode getAtt = value.get("Fn::GetAtt");
            return getAtt.isArray() ? getAtt.get(0).asText() : getAtt.asText().split("\\.")[0];
        }
        return null;
    }

    /** A policy statement's actions, whether written as one string or a list. */
    static Set<String> actions(JsonNode statement) {
        Set<String> actions = new LinkedHashSet<>();
        JsonNode action = statement.path("Action");
        if (action.isArray()) {
            action.forEach(a -> actions.add(a.asText()));
        } else {
            actions.add(action.asText());
        }
        return actions;
    }

    /** Sid to actions of every statement of a policy document. */
    static Map<String, Set<String>> actionsBySid(JsonNode policyDocument) {
        Map<String, Set<String>> bySid = new LinkedHashMap<>();
        policyDocument.path("Statement").forEach(statement -> bySid.put(statement.path("Sid").asText(), actions(statement)));
        return bySid;
    }
}
