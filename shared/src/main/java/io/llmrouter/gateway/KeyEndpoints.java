package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.keys.KeyAuthenticator;
import io.llmrouter.keys.KeyInput;
import io.llmrouter.keys.KeyInputException;
import io.llmrouter.keys.KeySecrets;
import io.llmrouter.keys.KeyStore;
import io.llmrouter.keys.KeyViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The API-key endpoints, behind {@code router.adminKey}: {@code POST /v1/router/keys} creates a key and
 * shows its secret, once; {@code GET /v1/router/keys} and {@code GET /v1/router/keys/{id}} show keys
 * without it; {@code PATCH /v1/router/keys/{id}} changes some fields; {@code DELETE /v1/router/keys/{id}}
 * revokes the key (it stays, marked, so that it is refused as revoked rather than unknown).
 */
final class KeyEndpoints {

    static final String PATH = "/v1/router/keys";
    private static final Pattern KEY_ID = Pattern.compile("key_[0-9a-f]{16}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(KeyEndpoints.class);

    private final KeyStore store;
    private final KeyInput input;
    private final KeyAuthenticator authenticator;
    private final Clock clock;

    KeyEndpoints(KeyStore store, KeyInput input, KeyAuthenticator authenticator, Clock clock) {
        this.store = store;
        this.input = input;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    static boolean handles(String path) {
        return path.equals(PATH) || path.startsWith(PATH + "/");
    }

    HttpAnswer handle(HttpCall call, String path) {
        try {
            if (path.equals(PATH)) {
                return switch (call.method()) {
                    case "POST" -> create(call);
                    case "GET" -> list();
                    default -> ErrorAnswers.unknownUrl("Unknown request URL: " + call.method() + " " + path);
                };
            }
            String id = path.substring(PATH.length() + 1);
            return switch (call.method()) {
                case "GET" -> stored(id).map(KeyEndpoints::answer).orElseGet(() -> noSuchKey(id));
                case "PATCH" -> update(id, call);
                case "DELETE" -> revoke(id);
                default -> ErrorAnswers.unknownUrl("Unknown request URL: " + call.method() + " " + path);
            };
        } catch (KeyInputException refused) {
            return refused.field() == null ? ErrorAnswers.invalidRequest(refused.getMessage())
                    : ErrorAnswers.invalidParam(refused.field(), refused.getMessage());
        }
    }

    private HttpAnswer create(HttpCall call) {
        // A new id colliding with a stored one is a 1 in 2^64 event per pair; one retry covers it.
        for (int attempt = 0; attempt < 2; attempt++) {
            String secret = KeySecrets.newSecret();
            ApiKey key = input.create(call.body(), KeySecrets.sha256Hex(secret));
            if (store.create(key)) {
                authenticator.forget(key.id());
                LOG.info("created API key {} ({})", key.id(), key.name());
                ObjectNode view = KeyViews.view(key);
                view.put("secret", secret);
                return HttpAnswer.json(201, view.toString()).answeredByRouter("api key created");
            }
        }
        return ErrorAnswers.routerFailure();
    }

    private HttpAnswer list() {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        store.list().forEach(key -> data.add(KeyViews.view(key)));
        return HttpAnswer.json(200, root.toString()).answeredByRouter("api keys");
    }

    /**
     * A PATCH is a change of the fields it names, so when another write changed the key between our read and
     * our write (the conditional replace refuses), it is applied again to the key as it now is: two admins
     * changing different fields at once both keep their change.
     */
    private HttpAnswer update(String id, HttpCall call) {
        return change(id, "update", "updated", key -> input.patch(key, call.body()));
    }

    /** A revoked key is answered as it is, without a write. */
    private HttpAnswer revoke(String id) {
        return change(id, "revocation", "revoked", key -> key.revoked() ? key : key.withRevokedAt(clock.instant()));
    }

    /**
     * Reads the key, applies {@code change} and writes the result if the key is still as read; read and applied
     * again when another write got there first. A change that returns the key itself writes nothing.
     */
    private HttpAnswer change(String id, String what, String done, UnaryOperator<ApiKey> change) {
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Optional<ApiKey> stored = stored(id);
            if (stored.isEmpty()) {
                return noSuchKey(id);
            }
            ApiKey changed = change.apply(stored.get());
            if (changed == stored.get()) {
                return answer(changed);
            }
            if (store.replace(stored.get(), changed)) {
                authenticator.forget(id);
                LOG.info("{} API key {}", done, id);
                return answer(changed);
            }
        }
        return ErrorAnswers.conflict("API key " + id + " kept changing under this " + what + "; send it again.");
    }

    /** Reads and writes of one admin change before it gives up on a key that other writes keep changing. */
    private static final int WRITE_ATTEMPTS = 5;

    /** An id not of the form the router gives is no key's, without asking DynamoDB. */
    private Optional<ApiKey> stored(String id) {
        return KEY_ID.matcher(id).matches() ? store.find(id) : Optional.empty();
    }

    private static HttpAnswer answer(ApiKey key) {
        return HttpAnswer.json(200, KeyViews.view(key).toString()).answeredByRouter("api key");
    }

    private static HttpAnswer noSuchKey(String id) {
        // The id is echoed only when it has the form of one: anything else might be a pasted secret.
        String shown = KEY_ID.matcher(id).matches() ? "`" + id + "`" : "with this id";
        return ErrorAnswers.notFound("No API key " + shown + ".");
    }
}
