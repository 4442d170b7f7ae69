package io.llmrouter.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a batch input file, one {@code {custom_id, method, url, body}} per line, into items, as OpenAI does: a line
 * that cannot be a request (not JSON, no {@code custom_id}, another method or URL, no body) becomes a failed item,
 * answered in the error file, and the others run; a {@code custom_id} that two lines share, or more requests than
 * {@value #MAX_REQUESTS}, fails the whole batch, naming the line.
 */
public final class BatchLines {

    public static final int MAX_REQUESTS = 50_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchLines() {
    }

    /** @param errors why the batch fails as a whole; empty when its items may run */
    public record Parsed(List<BatchItem> items, List<BatchError> errors) {
    }

    public static Parsed parse(String batchId, byte[] content, String endpoint) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\r?\n", -1);
        List<BatchItem> items = new ArrayList<>();
        Map<String, Integer> lineOfCustomId = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            int lineNumber = i + 1;
            if (items.size() == MAX_REQUESTS) {
                return new Parsed(List.of(), List.of(new BatchError("too_many_requests", "The input file has more than "
                        + MAX_REQUESTS + " requests; a batch may have at most " + MAX_REQUESTS + ".", null, lineNumber)));
            }
            int index = items.size();
            JsonNode request;
            try {
                request = JSON.readTree(line);
            } catch (Exception notJson) {
                items.add(refused(batchId, index, "", "invalid_json_line", null,
                        "Line " + lineNumber + " is not valid JSON."));
                continue;
            }
            if (!(request instanceof ObjectNode)) {
                items.add(refused(batchId, index, "", "invalid_json_line", null,
                        "Line " + lineNumber + " is not a JSON object."));
                continue;
            }
            JsonNode customId = request.get("custom_id");
            if (customId == null || !customId.isTextual() || customId.asText().isEmpty()) {
                items.add(refused(batchId, index, "", "missing_required_parameter", "custom_id",
                        "Line " + lineNumber + " has no custom_id."));
                continue;
            }
            String id = customId.asText();
            Integer earlier = lineOfCustomId.putIfAbsent(id, lineNumber);
            if (earlier != null) {
                return new Parsed(List.of(), List.of(new BatchError("duplicate_custom_id", "The custom_id '" + id
                        + "' is on line " + earlier + " and line " + lineNumber + "; each request needs its own.",
                        "custom_id", lineNumber)));
            }
            if (!"POST".equals(request.path("method").asText())) {
                items.add(refused(batchId, index, id, "invalid_value", "method",
                        "Line " + lineNumber + ": method must be POST."));
            } else if (!endpoint.equals(request.path("url").asText())) {
                items.add(refused(batchId, index, id, "invalid_value", "url", "Line " + lineNumber + ": url must be "
                        + endpoint + ", the batch's endpoint, not '" + request.path("url").asText() + "'."));
            } else if (!request.path("body").isObject()) {
                items.add(refused(batchId, index, id, "missing_required_parameter", "body",
                        "Line " + lineNumber + " has no request body."));
            } else {
                items.add(new BatchItem(batchId, index, id, request.get("body").toString(), BatchItem.State.PENDING,
                        null, null, 0, null));
            }
        }
        if (items.isEmpty()) {
            return new Parsed(List.of(), List.of(new BatchError("empty_file", "The input file has no requests.", null, null)));
        }
        return new Parsed(items, List.of());
    }

    private static BatchItem refused(String batchId, int index, String customId, String code, String param,
                                     String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", "invalid_request_error");
        if (param == null) {
            error.putNull("param");
        } else {
            error.put("param", param);
        }
        error.put("code", code);
        return new BatchItem(batchId, index, customId, "", BatchItem.State.DONE, null, null, 0,
                new ItemResult(400, root.toString(), null, 0, null));
    }
}
