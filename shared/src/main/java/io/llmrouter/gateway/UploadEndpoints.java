package io.llmrouter.gateway;

import io.llmrouter.batch.BatchInputException;
import io.llmrouter.batch.BatchJson;
import io.llmrouter.batch.UploadService;

import java.time.Clock;

/**
 * OpenAI's Uploads API for batch input files: {@code POST /v1/uploads}, {@code POST /v1/uploads/{id}/parts}
 * (multipart, the bytes in {@code data}), {@code POST /v1/uploads/{id}/complete} and
 * {@code POST /v1/uploads/{id}/cancel}. Deployed, one request to the function URL is at most 6 MB, so a file larger
 * than that comes this way, in parts under 6 MB; the SDKs' {@code uploads} helpers send it so.
 */
final class UploadEndpoints {

    static final String UPLOADS = "/v1/uploads";

    private final UploadService service;
    private final Clock clock;

    UploadEndpoints(UploadService service, Clock clock) {
        this.service = service;
        this.clock = clock;
    }

    static boolean handles(String path) {
        return path.equals(UPLOADS) || path.startsWith(UPLOADS + "/");
    }

    /** @param scope whose uploads the call may see, as for files (see {@link BatchEndpoints#handle}) */
    HttpAnswer handle(HttpCall call, String path, String scope) {
        try {
            String[] parts = path.substring(1).split("/");
            String id = parts.length > 2 ? parts[2] : null;
            String route = call.method() + " " + (id == null ? path : UPLOADS + "/{id}"
                    + (parts.length > 3 ? "/" + String.join("/", java.util.List.of(parts).subList(3, parts.length)) : ""));
            return switch (route) {
                case "POST " + UPLOADS -> create(call, scope);
                case "POST " + UPLOADS + "/{id}/parts" -> addPart(call, scope, id);
                case "POST " + UPLOADS + "/{id}/complete" -> complete(call, scope, id);
                case "POST " + UPLOADS + "/{id}/cancel" ->
                        BatchEndpoints.answer(BatchJson.upload(service.cancel(scope, id), null, clock.instant()), "upload");
                default -> ErrorAnswers.unknownUrl("Unknown request URL: " + call.method() + " " + path);
            };
        } catch (BatchInputException refused) {
            return BatchEndpoints.refusal(refused);
        } catch (MultipartForm.Malformed malformed) {
            return ErrorAnswers.invalidRequest(malformed.getMessage());
        }
    }

    private HttpAnswer create(HttpCall call, String scope) {
        RequestValidation.Checked checked = RequestValidation.object(call);
        if (!checked.ok()) {
            return checked.refusal();
        }
        return BatchEndpoints.answer(BatchJson.upload(service.create(scope, checked.request()), null, clock.instant()),
                "upload");
    }

    private HttpAnswer addPart(HttpCall call, String scope, String id) {
        MultipartForm form = MultipartForm.parse(call.header("content-type"), call.body());
        MultipartForm.Part data = form.part("data").orElseThrow(() -> new BatchInputException(
                BatchInputException.Kind.INVALID, "data", "Missing required parameter: 'data'."));
        return BatchEndpoints.answer(BatchJson.part(service.addPart(scope, id, data.content())), "upload part");
    }

    private HttpAnswer complete(HttpCall call, String scope, String id) {
        RequestValidation.Checked checked = RequestValidation.object(call);
        if (!checked.ok()) {
            return checked.refusal();
        }
        UploadService.Completion completion = service.complete(scope, id, checked.request());
        return BatchEndpoints.answer(BatchJson.upload(completion.upload(), completion.file(), clock.instant()), "upload");
    }
}
