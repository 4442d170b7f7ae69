package io.llmrouter.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * OpenAI's wire shapes of the Files, Uploads and Batch APIs: the {@code file}, {@code upload}, {@code upload.part} and
 * {@code batch} objects (timestamps in epoch
 * seconds, absent ones null) and the lines of the output and error files. A batch also carries {@code cost}, what
 * this router adds: what its requests cost, what they would have cost at the savings baseline, and how many each
 * target answered. The SDKs keep fields they do not know.
 */
public final class BatchJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchJson() {
    }

    public static ObjectNode file(BatchFile file) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", file.id());
        node.put("object", "file");
        node.put("bytes", file.bytes());
        node.put("created_at", file.createdAt().getEpochSecond());
        node.putNull("expires_at");
        node.put("filename", file.filename());
        node.put("purpose", file.purpose());
        node.put("status", "processed");
        node.putNull("status_details");
        return node;
    }

    /** OpenAI's answer to {@code DELETE /v1/files/{id}}. */
    public static ObjectNode deletedFile(String id) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", id);
        node.put("object", "file");
        node.put("deleted", true);
        return node;
    }

    /**
     * OpenAI's {@code upload} object: its status as of {@code now} (a pending upload past its hour is expired), and
     * the file it became once completed.
     */
    public static ObjectNode upload(Upload upload, BatchFile file, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", upload.id());
        node.put("object", "upload");
        node.put("bytes", upload.bytes());
        node.put("created_at", upload.createdAt().getEpochSecond());
        node.put("filename", upload.filename());
        node.put("purpose", upload.purpose());
        node.put("status", upload.statusAt(now).wireName());
        node.put("expires_at", upload.expiresAt().getEpochSecond());
        if (file == null) {
            node.putNull("file");
        } else {
            node.set("file", file(file));
        }
        return node;
    }

    /** OpenAI's {@code upload.part} object. */
    public static ObjectNode part(UploadPart part) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", part.id());
        node.put("object", "upload.part");
        node.put("created_at", part.createdAt().getEpochSecond());
        node.put("upload_id", part.uploadId());
        return node;
    }

    public static ObjectNode batch(Batch batch) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", batch.id());
        node.put("object", "batch");
        node.put("endpoint", batch.endpoint());
        if (batch.errors().isEmpty()) {
            node.putNull("errors");
        } else {
            ObjectNode errors = node.putObject("errors");
            errors.put("object", "list");
            batch.errors().forEach(e -> {
                ObjectNode entry = errors.withArray("data").addObject();
                entry.put("code", e.code());
                entry.put("message", e.message());
                putOrNull(entry, "param", e.param());
                if (e.line() == null) {
                    entry.putNull("line");
                } else {
                    entry.put("line", e.line());
                }
            });
        }
        node.put("input_file_id", batch.inputFileId());
        node.put("completion_window", batch.completionWindow());
        node.put("status", batch.status().wireName());
        putOrNull(node, "output_file_id", batch.outputFileId());
        putOrNull(node, "error_file_id", batch.errorFileId());
        node.put("created_at", batch.createdAt().getEpochSecond());
        seconds(node, "in_progress_at", batch.at(BatchStatus.IN_PROGRESS));
        seconds(node, "expires_at", batch.expiresAt());
        seconds(node, "finalizing_at", batch.at(BatchStatus.FINALIZING));
        seconds(node, "completed_at", batch.at(BatchStatus.COMPLETED));
        seconds(node, "failed_at", batch.at(BatchStatus.FAILED));
        seconds(node, "expired_at", batch.at(BatchStatus.EXPIRED));
        seconds(node, "cancelling_at", batch.at(BatchStatus.CANCELLING));
        seconds(node, "cancelled_at", batch.at(BatchStatus.CANCELLED));
        ObjectNode counts = node.putObject("request_counts");
        counts.put("total", batch.counts().total());
        counts.put("completed", batch.counts().completed());
        counts.put("failed", batch.counts().failed());
        ObjectNode metadata = node.putObject("metadata");
        new TreeMap<>(batch.metadata()).forEach(metadata::put);
        ObjectNode cost = node.putObject("cost");
        cost.put("spend_usd", batch.spendUsd());
        if (batch.baselineUsd() == null) {
            cost.putNull("baseline_usd");
            cost.putNull("savings_usd");
        } else {
            cost.put("baseline_usd", batch.baselineUsd());
            cost.put("savings_usd", batch.baselineUsd() - batch.spendUsd());
        }
        ObjectNode byTarget = cost.putObject("requests_by_target");
        new TreeMap<>(batch.byTarget()).forEach(byTarget::put);
        return node;
    }

    /**
     * One line of the output file (a 2xx answer) or of the error file (anything else: {@code error} says why, and
     * {@code response} holds the answer when there was one).
     */
    public static String resultLine(Batch batch, BatchItem item, ItemResult result) {
        ObjectNode line = JSON.createObjectNode();
        String requestId = "batch_req_" + batch.id().substring(batch.id().indexOf('_') + 1) + "_" + item.index();
        line.put("id", requestId);
        putOrNull(line, "custom_id", item.customId() == null || item.customId().isEmpty() ? null : item.customId());
        JsonNode body = parse(result.body());
        boolean answered = result.status() > 0;
        if (answered) {
            ObjectNode response = line.putObject("response");
            response.put("status_code", result.status());
            response.put("request_id", requestId);
            response.set("body", body);
        } else {
            line.putNull("response");
        }
        if (result.succeeded()) {
            line.putNull("error");
        } else {
            ObjectNode error = line.putObject("error");
            error.put("code", body.path("error").path("code").asText("request_failed"));
            error.put("message", body.path("error").path("message").asText("The request failed."));
        }
        return line.toString();
    }

    /** The error-file line of an item the window ended before it ran. */
    public static ItemResult expired() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", "This request could not be executed before the completion window expired.");
        error.put("code", "batch_expired");
        return new ItemResult(0, root.toString(), null, 0, null);
    }

    public static Map<String, String> metadata(JsonNode node) {
        Map<String, String> metadata = new TreeMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
        }
        return metadata;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception unreadable) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    private static void seconds(ObjectNode node, String name, Instant at) {
        if (at == null) {
            node.putNull(name);
        } else {
            node.put(name, at.getEpochSecond());
        }
    }

    private static void putOrNull(ObjectNode node, String name, String value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }
}
