package io.llmrouter.forward.translate;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.genai.Client;
import com.google.genai.Common;
import com.google.genai.JsonSerializable;
import com.google.genai.Models;
import com.google.genai.types.Content;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerationConfig;
import com.google.genai.types.SafetySetting;
import com.google.genai.types.Tool;
import com.google.genai.types.ToolConfig;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Google's Java SDK ({@code com.google.genai:google-genai}) as the contract of Gemini's REST JSON.
 *
 * <p>The SDK's mapper ignores unknown properties ({@code FAIL_ON_UNKNOWN_PROPERTIES} off), so a field it
 * does not know would pass unseen. Two checks catch one: a copy of its mapper with unknown properties
 * failing, and writing what was read back out and comparing it with the input (whatever the SDK dropped
 * or changed shows as a difference).
 *
 * <p>The REST request body ({@code contents}, {@code systemInstruction}, {@code tools}, {@code toolConfig},
 * {@code generationConfig}, {@code safetySettings}) has no single SDK type: the SDK's own
 * {@code GenerateContentParameters} is its call shape ({@code model}, {@code contents}, {@code config}),
 * which it converts to the REST body in {@code Models}. So each part is read into its type, the parts
 * are put together as the SDK's {@code GenerateContentConfig}, and the SDK's converter for the Gemini
 * Developer API builds the body it would send; that runs the SDK's own checks (it refuses parameters
 * the Gemini API does not take) and must give back the translator's body.
 */
final class GeminiSdkContract {

    /** The SDK's mapper: its modules, its lenient reading. */
    static final ObjectMapper SDK = JsonSerializable.objectMapper();
    /** The same, failing on a property the SDK's types do not have. */
    static final ObjectMapper STRICT = SDK.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Set<String> BODY_FIELDS = Set.of("contents", "systemInstruction", "tools", "toolConfig",
            "generationConfig", "safetySettings");
    private static final Client CLIENT = Client.builder().apiKey("contract-test-key").vertexAI(false).build();

    private GeminiSdkContract() {
    }

    /**
     * Asserts that a translated request body is what the SDK would send: every part reads into its SDK
     * type with nothing unknown and writes back the same, and the SDK's converter accepts the parts and
     * builds the same body.
     *
     * @return the SDK's config, for checks on single fields
     */
    static GenerateContentConfig assertRequestBody(JsonNode body, String model) {
        assertTrue(body.isObject(), "the body is an object");
        body.fieldNames().forEachRemaining(field -> assertTrue(BODY_FIELDS.contains(field),
                "unknown top-level field " + field));
        List<Content> contents = strict(body.get("contents"), new TypeReference<List<Content>>() { }, "contents");
        ObjectNode config = WireJson.object();
        if (body.has("generationConfig")) {
            GenerationConfig generation = strict(body.get("generationConfig"), new TypeReference<GenerationConfig>() { },
                    "generationConfig");
            assertTrue(generation.thinkingConfig().flatMap(t -> t.thinkingLevel())
                            .map(l -> !l.knownEnum().name().endsWith("UNSPECIFIED")).orElse(true),
                    "a thinking level the SDK knows");
            config.setAll((ObjectNode) body.get("generationConfig"));
        }
        if (body.has("systemInstruction")) {
            strict(body.get("systemInstruction"), new TypeReference<Content>() { }, "systemInstruction");
            config.set("systemInstruction", body.get("systemInstruction"));
        }
        if (body.has("tools")) {
            strict(body.get("tools"), new TypeReference<List<Tool>>() { }, "tools");
            config.set("tools", body.get("tools"));
        }
        if (body.has("toolConfig")) {
            ToolConfig toolConfig = strict(body.get("toolConfig"), new TypeReference<ToolConfig>() { }, "toolConfig");
            assertTrue(toolConfig.functionCallingConfig().flatMap(c -> c.mode())
                            .map(m -> !m.knownEnum().name().endsWith("UNSPECIFIED")).orElse(true),
                    "a function calling mode the SDK knows");
            config.set("toolConfig", body.get("toolConfig"));
        }
        if (body.has("safetySettings")) {
            strict(body.get("safetySettings"), new TypeReference<List<SafetySetting>>() { }, "safetySettings");
            config.set("safetySettings", body.get("safetySettings"));
        }
        GenerateContentConfig sdkConfig = strict(config, new TypeReference<GenerateContentConfig>() { },
                "the parts as GenerateContentConfig");
        ObjectNode sdkBody = (ObjectNode) WireFixtures.json(sdkRequestBody(model, contents, sdkConfig));
        if (sdkBody.path("generationConfig").isEmpty() && !body.has("generationConfig")) {
            sdkBody.remove("generationConfig"); // the SDK always sends one, empty when nothing is set
        }
        assertSameJson(body, sdkBody, "the body the SDK builds from the same parts");
        return sdkConfig;
    }

    /** Asserts that a Gemini response (or one stream event) reads into the SDK's type with nothing unknown. */
    static GenerateContentResponse assertResponse(JsonNode response, String what) {
        return strict(response, new TypeReference<GenerateContentResponse>() { }, what);
    }

    /** Reads {@code json} strictly, then asserts that the SDK writes it back unchanged. */
    static <T> T strict(JsonNode json, TypeReference<T> type, String what) {
        T value;
        try {
            value = STRICT.readValue(STRICT.treeAsTokens(json), STRICT.getTypeFactory().constructType(type));
        } catch (java.io.IOException e) {
            throw new AssertionError(what + " does not read into the SDK's " + type.getType() + ": "
                    + e.getMessage(), e);
        }
        assertSameJson(json, SDK.valueToTree(value), what + " written back by the SDK");
        return value;
    }

    /** The body the SDK's {@code Models} builds for a generateContent call (package-private, reached by reflection). */
    private static String sdkRequestBody(String model, List<Content> contents, GenerateContentConfig config) {
        try {
            Method build = Models.class.getDeclaredMethod("buildRequestForPrivateGenerateContent", String.class,
                    List.class, GenerateContentConfig.class);
            build.setAccessible(true);
            return ((Common.BuiltRequest) build.invoke(CLIENT.models, model, contents, config)).body();
        } catch (InvocationTargetException e) {
            throw new AssertionError("the SDK refuses the request: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("google-genai's Models changed: " + e, e);
        }
    }

    /** Asserts two JSON trees equal, numbers compared by value (the SDK holds some as float). */
    static void assertSameJson(JsonNode expected, JsonNode actual, String what) {
        List<String> differences = new ArrayList<>();
        compare(expected, actual, "$", differences);
        if (!differences.isEmpty()) {
            fail(what + " differs:\n  " + String.join("\n  ", differences) + "\nexpected " + expected
                    + "\nactual   " + actual);
        }
    }

    private static void compare(JsonNode a, JsonNode b, String path, List<String> differences) {
        if (a == null || b == null || a.isMissingNode() || b.isMissingNode()) {
            if (!(isAbsent(a) && isAbsent(b))) {
                differences.add(path + ": " + (isAbsent(a) ? "unexpected " + b : "missing " + a));
            }
            return;
        }
        if (a.isNumber() && b.isNumber()) {
            if (!sameNumber(a, b)) {
                differences.add(path + ": " + a + " vs " + b);
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new java.util.TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                compare(a.get(name), b.get(name), path + "." + name, differences);
            }
            return;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                differences.add(path + ": " + a.size() + " elements vs " + b.size());
                return;
            }
            for (int i = 0; i < a.size(); i++) {
                compare(a.get(i), b.get(i), path + "[" + i + "]", differences);
            }
            return;
        }
        if (a.isBinary() || b.isBinary()) { // the SDK's byte[] fields, written as base64
            if (!a.asText().equals(b.asText())) {
                differences.add(path + ": " + a.asText() + " vs " + b.asText());
            }
            return;
        }
        if (!a.equals(b)) {
            differences.add(path + ": " + a + " vs " + b);
        }
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isMissingNode();
    }

    private static boolean sameNumber(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().equals(b.bigIntegerValue());
        }
        if (a.isFloat() || b.isFloat()) { // the SDK's Float fields: equal when the same float
            return Float.compare(a.floatValue(), b.floatValue()) == 0;
        }
        return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText())) == 0
                || Double.compare(a.doubleValue(), b.doubleValue()) == 0;
    }

    /** Every field name anywhere in a tree, for tests that look for one. */
    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                names.add(field.getKey());
                names.addAll(fieldNames(field.getValue()));
            }
        } else if (node.isArray()) {
            node.forEach(element -> names.addAll(fieldNames(element)));
        }
        return names;
    }
}
