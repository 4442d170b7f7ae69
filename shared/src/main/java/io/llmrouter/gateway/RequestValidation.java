package io.llmrouter.gateway;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Checks an OpenAI chat completion or (legacy) completion request before anything is spent on it. Every problem becomes a
 * 4xx answer in OpenAI's error shape naming the field ({@code param}); nothing here throws. The body is checked here,
 * a chat request's fields against OpenAI's contract in {@link ChatValidation}.
 *
 * <p>Hostile input is bounded before it is parsed into a tree: the body size (Lambda's 6 MB request
 * limit), nesting depth, string and number lengths; duplicate keys are refused, since two readers
 * could pick different values. A body labelled as something other than JSON is refused (415), and so
 * are bytes that are not UTF-8, rather than read with replacement characters.
 */
final class RequestValidation {

    /** A synchronous Lambda invocation takes at most 6 MB of request payload. */
    static final int MAX_BODY_BYTES = 6 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(MAX_BODY_BYTES)
                    .maxNumberLength(64)
                    .build())
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private RequestValidation() {
    }

    /** The parsed request, or the answer that refuses it. */
    record Checked(ObjectNode request, HttpAnswer refusal) {
        boolean ok() {
            return refusal == null;
        }
    }

    /** A chat completion call: its Content-Type, then its body. */
    static Checked chat(HttpCall call) {
        HttpAnswer type = notJson(call.header("content-type"));
        return type != null ? refuse(type) : chat(call.body());
    }

    static Checked chat(byte[] body) {
        return check(body, ChatValidation::problemIn);
    }

    /** Any JSON object (the Batch API's bodies, whose fields their endpoint checks): its Content-Type, then its body. */
    static Checked object(HttpCall call) {
        HttpAnswer type = notJson(call.header("content-type"));
        return type != null ? refuse(type) : check(call.body(), request -> null);
    }

    /** A (legacy) completion call: its Content-Type, then its body. */
    static Checked completion(HttpCall call) {
        HttpAnswer type = notJson(call.header("content-type"));
        return type != null ? refuse(type) : completion(call.body());
    }

    /** {@code /v1/completions}: {@code prompt} is a string or an array of strings. */
    static Checked completion(byte[] body) {
        return check(body, request -> {
            JsonNode model = request.get("model");
            if (model == null || !model.isTextual() || model.asText().isBlank()) {
                return ErrorAnswers.missingParam("model", "You must provide a model parameter.");
            }
            JsonNode prompt = request.get("prompt");
            boolean valid = prompt != null && (prompt.isTextual()
                    || (prompt.isArray() && !prompt.isEmpty() && ParamChecks.allText(prompt)));
            if (!valid) {
                return ErrorAnswers.invalidParam("prompt", "'prompt' must be a string or a non-empty array of strings.");
            }
            return ParamChecks.firstNonNull(
                    ParamChecks.bool(request.get("stream"), "stream"),
                    ParamChecks.streamOptions(request.get("stream_options")),
                    ParamChecks.tokens(request.get("max_tokens"), "max_tokens"),
                    ParamChecks.number(request.get("temperature"), "temperature", 0, 2),
                    ParamChecks.number(request.get("top_p"), "top_p", 0, 1),
                    ParamChecks.choices(request.get("n")),
                    ParamChecks.stop(request.get("stop")));
        });
    }

    /**
     * For an endpoint that reads its JSON body itself: the refusal of a body labelled as something other
     * than JSON, or whose bytes are not UTF-8; null when neither.
     */
    static HttpAnswer unreadableBody(HttpCall call) {
        HttpAnswer type = notJson(call.header("content-type"));
        return type != null ? type : notUtf8(call.body());
    }

    /**
     * 415 for a Content-Type that is not JSON: {@code application/json} or any {@code type/subtype+json},
     * parameters such as {@code charset} allowed, in any case. A missing (or blank) Content-Type is
     * accepted: it says nothing against JSON, and some HTTP clients send none.
     */
    static HttpAnswer notJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim()
                .toLowerCase(Locale.ROOT);
        if (isJson(type)) {
            return null;
        }
        String shown = type.length() > 100 ? type.substring(0, 100) + "..." : type;
        return ErrorAnswers.unsupportedMediaType("The request's Content-Type '" + shown + "' is not JSON. "
                + "Send the body as JSON with 'Content-Type: application/json'.");
    }

    private static boolean isJson(String mediaType) {
        if (mediaType.equals("application/json")) {
            return true;
        }
        int slash = mediaType.indexOf('/');
        String suffix = "+json";
        return slash > 0 && mediaType.indexOf('/', slash + 1) < 0 && mediaType.endsWith(suffix)
                && mediaType.length() - suffix.length() > slash + 1;
    }

    /**
     * 400 for a body that is not UTF-8, which JSON between systems must be (RFC 8259): decoding it anyway
     * would hand the targets a prompt other than the one sent. Names the offset of the first bad byte,
     * never the bytes.
     */
    static HttpAnswer notUtf8(byte[] body) {
        int offset = firstInvalidUtf8(body);
        return offset < 0 ? null : ErrorAnswers.invalidEncoding("The request body is not valid UTF-8: the bytes from "
                + "offset " + offset + " are not a UTF-8 sequence. Send JSON encoded in UTF-8.");
    }

    /** The offset of the first byte that is not part of a well-formed UTF-8 sequence; -1 when every byte is. */
    static int firstInvalidUtf8(byte[] bytes) {
        int start = 0;
        while (start < bytes.length && bytes[start] >= 0) {
            start++; // ASCII, most of a typical body, needs no decoding
        }
        if (start == bytes.length) {
            return -1;
        }
        // A new decoder reports malformed input, overlong forms and encoded surrogates included,
        // instead of replacing it.
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(1024); // the text is dropped as it is decoded: only a failure matters
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                return -1;
            }
            out.clear();
        }
    }

    private static Checked check(byte[] body, java.util.function.Function<ObjectNode, HttpAnswer> problems) {
        if (body.length > MAX_BODY_BYTES) {
            return refuse(ErrorAnswers.tooLarge(
                    "The request body is " + body.length + " bytes; the limit is " + MAX_BODY_BYTES + "."));
        }
        if (body.length == 0) {
            return refuse(ErrorAnswers.invalidRequest("The request body is empty; send a JSON object."));
        }
        HttpAnswer encoding = notUtf8(body);
        if (encoding != null) {
            return refuse(encoding);
        }
        JsonNode root;
        try (JsonParser parser = JSON.createParser(body)) {
            root = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                return refuse(ErrorAnswers.invalidRequest("The request body has data after its JSON value."));
            }
        } catch (StreamConstraintsException e) {
            return refuse(ErrorAnswers.invalidRequest("The request body is too deeply nested or has a value too long."));
        } catch (IOException e) {
            return refuse(ErrorAnswers.invalidRequest("We could not parse the JSON body of your request: "
                    + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            return refuse(ErrorAnswers.invalidRequest("The request body must be a JSON object."));
        }
        HttpAnswer problem = problems.apply((ObjectNode) root);
        return problem == null ? new Checked((ObjectNode) root, null) : refuse(problem);
    }

    private static Checked refuse(HttpAnswer answer) {
        return new Checked(null, answer);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "malformed JSON";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        // Jackson quotes part of the input; keep it short so hostile bodies are not echoed back at length.
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
