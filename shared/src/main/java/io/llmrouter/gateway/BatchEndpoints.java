package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.batch.Batch;
import io.llmrouter.batch.BatchFile;
import io.llmrouter.batch.BatchInputException;
import io.llmrouter.batch.BatchJson;
import io.llmrouter.batch.BatchService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * OpenAI's Files and Batch APIs, as far as batches need them: {@code POST /v1/files} (multipart, purpose
 * {@code batch}), {@code GET /v1/files}, {@code GET /v1/files/{id}} and {@code /content}, {@code DELETE /v1/files/{id}};
 * {@code POST /v1/batches}, {@code GET /v1/batches}
 * (with {@code limit} and {@code after}), {@code GET /v1/batches/{id}} and {@code POST /v1/batches/{id}/cancel}.
 * The official SDKs' {@code files.create} and {@code batches.*} work against them unchanged. Bad input is a 4xx in
 * OpenAI's error shape naming the field.
 */
final class BatchEndpoints {

    static final String FILES = "/v1/files";
    static final String BATCHES = "/v1/batches";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BatchService service;

    BatchEndpoints(BatchService service) {
        this.service = service;
    }

    static boolean handles(String path) {
        return path.equals(FILES) || path.startsWith(FILES + "/") || path.equals(BATCHES) || path.startsWith(BATCHES + "/");
    }

    /**
     * @param scope whose files and batches the call may see (see {@link RequestTrace#callerScope()}); a batch made
     *              with a stored API key keeps its key's id in it, and its requests run within that key's bounds
     *              (models, targets, budgets, rate limits; see {@link BatchRequests})
     */
    HttpAnswer handle(HttpCall call, String path, String scope) {
        try {
            String[] parts = path.substring(1).split("/");
            String route = call.method() + " " + (parts.length > 2 ? "/v1/" + parts[1] + "/{id}" : path)
                    + (parts.length > 3 ? "/" + String.join("/", List.of(parts).subList(3, parts.length)) : "");
            String id = parts.length > 2 ? parts[2] : null;
            return switch (route) {
                case "POST " + FILES -> upload(call, scope);
                case "GET " + FILES -> listFiles(call, scope);
                case "DELETE " + FILES + "/{id}" -> service.deleteFile(scope, id)
                        ? answer(BatchJson.deletedFile(id), "file deleted") : noSuchFile(id);
                case "GET " + FILES + "/{id}" -> service.file(scope, id).map(f -> answer(BatchJson.file(f), "file"))
                        .orElseGet(() -> noSuchFile(id));
                case "GET " + FILES + "/{id}/content" -> content(scope, id);
                case "POST " + BATCHES -> create(call, scope);
                case "GET " + BATCHES -> list(call, scope);
                case "GET " + BATCHES + "/{id}" -> service.batch(scope, id).map(b -> answer(BatchJson.batch(b), "batch"))
                        .orElseGet(() -> noSuchBatch(id));
                case "POST " + BATCHES + "/{id}/cancel" -> answer(BatchJson.batch(service.cancel(scope, id)), "batch");
                default -> ErrorAnswers.unknownUrl("Unknown request URL: " + call.method() + " " + path);
            };
        } catch (BatchInputException refused) {
            return refusal(refused);
        } catch (QueryParameters.Refused refused) {
            return ErrorAnswers.invalidParam(refused.param(), refused.getMessage());
        } catch (MultipartForm.Malformed malformed) {
            return ErrorAnswers.invalidRequest(malformed.getMessage());
        }
    }

    /** A refused Files, Uploads or Batch API call, in OpenAI's error shape. */
    static HttpAnswer refusal(BatchInputException refused) {
        return switch (refused.kind()) {
            case NOT_FOUND -> ErrorAnswers.notFound(refused.getMessage());
            case TOO_LARGE -> ErrorAnswers.tooLarge(refused.getMessage());
            case INVALID -> refused.param() == null ? ErrorAnswers.invalidRequest(refused.getMessage())
                    : ErrorAnswers.invalidParam(refused.param(), refused.getMessage());
        };
    }

    private HttpAnswer upload(HttpCall call, String scope) {
        MultipartForm form = MultipartForm.parse(call.header("content-type"), call.body());
        MultipartForm.Part file = form.part("file").orElseThrow(() -> new BatchInputException(
                BatchInputException.Kind.INVALID, "file", "Missing required parameter: 'file'."));
        String purpose = form.part("purpose").map(MultipartForm.Part::text).orElse(null);
        return answer(BatchJson.file(service.upload(scope, file.filename(), purpose, file.content())), "file");
    }

    private HttpAnswer content(String scope, String id) {
        Optional<BatchFile> file = service.file(scope, id);
        Optional<byte[]> content = file.flatMap(service::content);
        if (content.isEmpty()) {
            return noSuchFile(id);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "application/octet-stream");
        headers.put("content-disposition", "attachment; filename=\"" + file.get().filename() + "\"");
        return new HttpAnswer(200, headers, content.get()).answeredByRouter("file content");
    }

    private HttpAnswer create(HttpCall call, String scope) {
        RequestValidation.Checked checked = RequestValidation.object(call);
        if (!checked.ok()) {
            return checked.refusal();
        }
        return answer(BatchJson.batch(service.create(scope, checked.request())), "batch");
    }

    private HttpAnswer list(HttpCall call, String scope) {
        QueryParameters query = QueryParameters.parse(call.query(), Set.of("limit", "after"));
        return page(query, service.batches(scope), Batch::id, BatchJson::batch, 20, 100, "batches");
    }

    /** {@code GET /v1/files}: OpenAI's {@code purpose}, {@code limit} (up to 10,000), {@code order} and {@code after}. */
    private HttpAnswer listFiles(HttpCall call, String scope) {
        QueryParameters query = QueryParameters.parse(call.query(), Set.of("purpose", "limit", "order", "after"));
        List<BatchFile> files = service.files(scope, query.get("purpose").orElse(null));
        String order = query.get("order").orElse("desc");
        if (order.equals("asc")) {
            files = files.reversed();
        } else if (!order.equals("desc")) {
            throw new QueryParameters.Refused("order", "order must be 'asc' or 'desc', not '" + order + "'.");
        }
        return page(query, files, BatchFile::id, BatchJson::file, 10_000, 10_000, "files");
    }

    /** One page of a list in OpenAI's shape: up to {@code limit} entries after the one whose id is {@code after}. */
    private static <T> HttpAnswer page(QueryParameters query, List<T> all, Function<T, String> idOf,
                                       Function<T, ObjectNode> json, int defaultLimit, int maxLimit, String reason) {
        int limit = query.get("limit").map(text -> limit(text, maxLimit)).orElse(defaultLimit);
        int from = query.get("after").map(after -> {
            for (int i = 0; i < all.size(); i++) {
                if (idOf.apply(all.get(i)).equals(after)) {
                    return i + 1;
                }
            }
            return all.size();
        }).orElse(0);
        List<T> page = all.subList(Math.min(from, all.size()), Math.min(all.size(), from + limit));
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        page.forEach(entry -> data.add(json.apply(entry)));
        if (page.isEmpty()) {
            root.putNull("first_id");
            root.putNull("last_id");
        } else {
            root.put("first_id", idOf.apply(page.get(0)));
            root.put("last_id", idOf.apply(page.get(page.size() - 1)));
        }
        root.put("has_more", from + page.size() < all.size());
        return answer(root, reason);
    }

    private static int limit(String text, int max) {
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw new QueryParameters.Refused("limit", "limit must be a whole number from 1 to " + max + ", not '" + text
                + "'.");
    }

    static HttpAnswer answer(JsonNode body, String reason) {
        return HttpAnswer.json(200, body.toString()).answeredByRouter(reason);
    }

    private static HttpAnswer noSuchFile(String id) {
        return ErrorAnswers.notFound("No such File object: " + id);
    }

    private static HttpAnswer noSuchBatch(String id) {
        return ErrorAnswers.notFound("No batch found with id '" + id + "'.");
    }
}
