package io.llmrouter.keys;

import io.llmrouter.config.Budget;
import io.llmrouter.config.BudgetPeriod;
import io.llmrouter.config.RateLimits;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the body of {@code POST /v1/router/keys} (a new key's fields) and of {@code PATCH} (the fields to
 * change; {@code null} clears an optional one). Anything it does not understand is refused with the field
 * named, an unknown field included: a misspelt {@code limts} must not quietly leave a key unlimited.
 */
public final class KeyInput {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_TEXT = 256;

    private final Set<String> knownTargets;
    private final Clock clock;

    /** @param knownTargets the configured clusters and providers, the only names {@code targets} may hold */
    public KeyInput(Set<String> knownTargets, Clock clock) {
        this.knownTargets = Set.copyOf(knownTargets);
        this.clock = clock;
    }

    /** A new key with the body's fields, identified by its secret's hash. */
    public ApiKey create(byte[] body, String secretSha256) {
        ObjectNode fields = object(body);
        if (!fields.hasNonNull("name")) {
            throw new KeyInputException("name", "A key needs a `name`.");
        }
        Instant now = clock.instant();
        Draft draft = new Draft();
        apply(fields, draft);
        return new ApiKey(KeySecrets.idOfHash(secretSha256), secretSha256, draft.name, draft.team, draft.tags,
                draft.models, draft.targets, draft.budget, draft.limits, draft.expiresAt, now, null);
    }

    /** {@code stored} with the body's fields changed; its id, secret, creation and revocation stay. */
    public ApiKey patch(ApiKey stored, byte[] body) {
        Draft draft = new Draft();
        draft.name = stored.name();
        draft.team = stored.team();
        draft.tags = stored.tags();
        draft.models = stored.models();
        draft.targets = stored.targets();
        draft.budget = stored.budget();
        draft.limits = stored.limits();
        draft.expiresAt = stored.expiresAt();
        apply(object(body), draft);
        return new ApiKey(stored.id(), stored.secretSha256(), draft.name, draft.team, draft.tags, draft.models,
                draft.targets, draft.budget, draft.limits, draft.expiresAt, stored.createdAt(), stored.revokedAt());
    }

    private static final class Draft {
        String name;
        String team;
        Map<String, String> tags = Map.of();
        List<String> models = List.of();
        List<String> targets = List.of();
        Budget budget;
        RateLimits limits;
        Instant expiresAt;
    }

    private void apply(ObjectNode fields, Draft draft) {
        for (Iterator<Map.Entry<String, JsonNode>> it = fields.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            boolean clear = value.isNull();
            switch (field.getKey()) {
                case "name" -> {
                    if (clear) {
                        throw new KeyInputException("name", "`name` cannot be removed.");
                    }
                    draft.name = text("name", value);
                }
                case "team" -> draft.team = clear ? null : text("team", value);
                case "tags" -> draft.tags = clear ? Map.of() : tags(value);
                case "models" -> draft.models = clear ? List.of() : names("models", value);
                case "targets" -> draft.targets = clear ? List.of() : targets(value);
                case "budget" -> draft.budget = clear ? null : budget(value);
                case "limits" -> draft.limits = clear ? null : limits(value);
                case "expiresAt" -> draft.expiresAt = clear ? null : expiresAt(value);
                default -> throw new KeyInputException(field.getKey(), "Unknown field `" + field.getKey()
                        + "`; a key has name, team, tags, models, targets, budget, limits and expiresAt.");
            }
        }
    }

    private static ObjectNode object(byte[] body) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new KeyInputException(null, "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new KeyInputException(null, "The body cannot be read as JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new KeyInputException(null, "The body must be a JSON object.");
        }
        return (ObjectNode) root;
    }

    private static String text(String field, JsonNode value) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new KeyInputException(field, "`" + field + "` must be a non-empty string.");
        }
        if (value.asText().length() > MAX_TEXT) {
            throw new KeyInputException(field, "`" + field + "` must be at most " + MAX_TEXT + " characters.");
        }
        return value.asText();
    }

    private static Map<String, String> tags(JsonNode value) {
        if (!value.isObject()) {
            throw new KeyInputException("tags", "`tags` must be an object of strings.");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw new KeyInputException("tags." + e.getKey(), "Tag `" + e.getKey() + "` must be a string.");
            }
            tags.put(e.getKey(), e.getValue().asText());
        });
        return tags;
    }

    private static List<String> names(String field, JsonNode value) {
        if (!value.isArray()) {
            throw new KeyInputException(field, "`" + field + "` must be a list of names (empty: all).");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode element : value) {
            names.add(text(field, element));
        }
        return List.copyOf(new LinkedHashSet<>(names));
    }

    private List<String> targets(JsonNode value) {
        List<String> targets = names("targets", value);
        for (String target : targets) {
            if (!knownTargets.contains(target)) {
                throw new KeyInputException("targets", "Unknown target `" + target
                        + "`: not a configured cluster or provider.");
            }
        }
        return targets;
    }

    private static Budget budget(JsonNode value) {
        if (!value.isObject()) {
            throw new KeyInputException("budget", "`budget` must be an object {usd, period}.");
        }
        unknownFields("budget", value, Set.of("usd", "period"));
        JsonNode usd = value.get("usd");
        if (usd == null || !usd.isNumber() || !Double.isFinite(usd.asDouble()) || usd.asDouble() <= 0) {
            throw new KeyInputException("budget.usd", "`budget.usd` must be a positive number of dollars.");
        }
        JsonNode period = value.get("period");
        BudgetPeriod parsed = period == null || !period.isTextual() ? null
                : BudgetPeriod.fromWire(period.asText()).orElse(null);
        if (parsed == null) {
            throw new KeyInputException("budget.period", "`budget.period` must be one of day, month, total.");
        }
        return new Budget(usd.asDouble(), parsed);
    }

    private static RateLimits limits(JsonNode value) {
        if (!value.isObject()) {
            throw new KeyInputException("limits", "`limits` must be an object {rpm, tpm}.");
        }
        unknownFields("limits", value, Set.of("rpm", "tpm"));
        return new RateLimits(positiveInt("limits.rpm", value.get("rpm")), positiveInt("limits.tpm", value.get("tpm")));
    }

    private static Integer positiveInt(String field, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() <= 0) {
            throw new KeyInputException(field, "`" + field + "` must be a positive whole number.");
        }
        return value.asInt();
    }

    private Instant expiresAt(JsonNode value) {
        Instant when;
        try {
            when = value.isTextual() ? Instant.parse(value.asText()) : null;
        } catch (DateTimeParseException e) {
            when = null;
        }
        if (when == null) {
            throw new KeyInputException("expiresAt", "`expiresAt` must be an ISO-8601 instant such as 2027-01-31T00:00:00Z.");
        }
        if (!when.isAfter(clock.instant())) {
            throw new KeyInputException("expiresAt", "`expiresAt` must be in the future.");
        }
        return when;
    }

    private static void unknownFields(String parent, JsonNode value, Set<String> known) {
        value.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new KeyInputException(parent + "." + name, "Unknown field `" + parent + "." + name + "`.");
            }
        });
    }
}
