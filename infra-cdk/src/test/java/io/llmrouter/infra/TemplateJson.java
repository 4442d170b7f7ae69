package io.llmrouter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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

    /**
     * {@code value} as CloudFormation deploys it with every parameter at its default: each {@code {"Ref": parameter}}
     * becomes the parameter's default, a list for a CommaDelimitedList and a number for a Number. Other references
     * are kept.
     */
    static JsonNode withParameterDefaults(JsonNode template, JsonNode value) {
        if (value.isObject() && value.size() == 1 && value.has("Ref") && template.path("Parameters").has(value.get("Ref").asText())) {
            JsonNode parameter = template.path("Parameters").path(value.get("Ref").asText());
            String text = parameter.path("Default").asText();
            return switch (parameter.path("Type").asText()) {
                case "CommaDelimitedList" -> {
                    ArrayNode list = JsonNodeFactory.instance.arrayNode();
                    for (String item : text.split(",")) {
                        list.add(item);
                    }
                    yield list;
                }
                // As the CDK writes numbers: whole ones without a fraction.
                case "Number" -> text.matches("-?\\d+") ? IntNode.valueOf(Integer.parseInt(text)) : DoubleNode.valueOf(Double.parseDouble(text));
                default -> JsonNodeFactory.instance.textNode(text);
            };
        }
        if (value.isObject()) {
            ObjectNode resolved = JsonNodeFactory.instance.objectNode();
            value.properties().forEach(entry -> resolved.set(entry.getKey(), withParameterDefaults(template, entry.getValue())));
            return resolved;
        }
        if (value.isArray()) {
            ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
            value.forEach(item -> resolved.add(withParameterDefaults(template, item)));
            return resolved;
        }
        return value;
    }
}
