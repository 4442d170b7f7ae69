package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.keys.ApiKey;
import io.llmrouter.limits.Admission;

/**
 * The answers the router makes itself when it refuses or fails a request, in OpenAI's error shape:
 * {@code {"error":{"message","type","code"}}}. Each names, in {@code x-router-reason}, why the router
 * answered instead of a target, and says in {@code x-router-attempts} how many targets were tried (none,
 * unless the caller says otherwise). None names a target: no target's answer is in it.
 */
final class ErrorAnswers {

    // Why the router answered itself, as x-router-reason says it.
    static final String INVALID_REQUEST = "invalid request";
    static final String REQUEST_TOO_LARGE = "request too large";
    static final String UNSUPPORTED_MEDIA_TYPE = "unsupported media type";
    static final String UNAUTHORIZED = "unauthorized";
    static final String PERMISSION_DENIED = "permission denied";
    static final String NOT_FOUND = "not found";
    static final String UNKNOWN_URL = "unknown url";
    static final String UNKNOWN_MODEL = "unknown model";
    static final String NO_HEALTHY_TARGET = "no healthy target";
    static final String ROUTING_STATE_UNAVAILABLE = "routing state unavailable";
    static final String NO_TARGET_CAN_TAKE_IT = "no target can take the request";
    static final String EVERY_TARGET_FAILED = "every target failed";
    static final String ROUTER_FAILURE = "router failure";
    static final String BUDGET_EXCEEDED = "budget exceeded";
    static final String CONFLICT = "conflict";
    static final String RATE_LIMITED = "rate limit exceeded";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorAnswers() {
    }

    static HttpAnswer invalidRequest(String message) {
        return of(INVALID_REQUEST, 400, "invalid_request_error", null, null, message);
    }

    /** With {@code param}, the request field at fault, as OpenAI names it in its errors. */
    static HttpAnswer invalidParam(String param, String message) {
        return of(INVALID_REQUEST, 400, "invalid_request_error", "invalid_value", param, message);
    }

    static HttpAnswer missingParam(String param, String message) {
        return of(INVALID_REQUEST, 400, "invalid_request_error", "missing_required_parameter", param, message);
    }

    /** A body whose bytes cannot be read as the text it claims to be. */
    static HttpAnswer invalidEncoding(String message) {
        return of(INVALID_REQUEST, 400, "invalid_request_error", "invalid_encoding", null, message);
    }

    static HttpAnswer tooLarge(String message) {
        return of(REQUEST_TOO_LARGE, 413, "invalid_request_error", "request_too_large", null, message);
    }

    static HttpAnswer unsupportedMediaType(String message) {
        return of(UNSUPPORTED_MEDIA_TYPE, 415, "invalid_request_error", "unsupported_media_type", null, message);
    }

    static HttpAnswer unauthorized(String message) {
        return of(UNAUTHORIZED, 401, "authentication_error", "invalid_api_key", null, message);
    }

    /** A stored key revoked since: its requests are refused, live or in a batch. */
    static HttpAnswer revokedKey() {
        return unauthorized("This API key was revoked.");
    }

    /** A stored key past its expiry: its requests are refused, live or in a batch. */
    static HttpAnswer expiredKey(ApiKey key) {
        return unauthorized("This API key expired at " + key.expiresAt() + ".");
    }

    /** A key the router does not know; like OpenAI, the presented key is never echoed back. */
    static HttpAnswer incorrectKey() {
        return unauthorized("Incorrect API key provided. Send one of the router's API keys as "
                + "'Authorization: Bearer <key>'.");
    }

    /** The caller's key is valid but may not do this (a model or target it is not allowed). */
    static HttpAnswer permissionDenied(String message) {
        return of(PERMISSION_DENIED, 403, "permission_error", "permission_denied", null, message);
    }

    /** A resource of the admin API (an API key) that does not exist. */
    static HttpAnswer notFound(String message) {
        return of(NOT_FOUND, 404, "invalid_request_error", "not_found", null, message);
    }

    static HttpAnswer unknownUrl(String message) {
        return of(UNKNOWN_URL, 404, "invalid_request_error", "unknown_url", null, message);
    }

    static HttpAnswer unknownModel(String message) {
        return of(UNKNOWN_MODEL, 404, "invalid_request_error", "model_not_found", null, message);
    }

    static HttpAnswer noHealthyTarget(String message) {
        return of(NO_HEALTHY_TARGET, 503, "server_error", "no_healthy_target", null, message);
    }

    /** The routing state cannot be read; the code is the one clients already handle for an unservable request. */
    static HttpAnswer routingStateUnavailable(String message) {
        return of(ROUTING_STATE_UNAVAILABLE, 503, "server_error", "no_healthy_target", null, message);
    }

    /** No candidate's wire format can express the request; {@code candidates} were considered, none was sent it. */
    static HttpAnswer unsupportedByTargets(String param, String message, int candidates) {
        return of(NO_TARGET_CAN_TAKE_IT, 400, "invalid_request_error", "unsupported_by_targets", param, message)
                .withHeader("x-router-attempts", String.valueOf(candidates));
    }

    static HttpAnswer everyTargetFailed(String message, int attempts) {
        return of(EVERY_TARGET_FAILED, 502, "server_error", "upstream_failed", null, message)
                .withHeader("x-router-attempts", String.valueOf(attempts));
    }

    /** A change that lost to other writes of the same record every time it was tried. */
    static HttpAnswer conflict(String message) {
        return of(CONFLICT, 409, "invalid_request_error", "conflict", null, message);
    }

    /**
     * A key (or its team) past a limit, in OpenAI's words: a spent budget is {@code insufficient_quota} /
     * {@code budget_exceeded}, with no retry-after (waiting does not help before the period ends); a rate limit
     * is {@code rate_limit_exceeded}, its type naming what ran out ({@code requests} or {@code tokens}), with
     * {@code retry-after} in seconds. Either carries the key's {@code x-ratelimit-*} headers.
     */
    static HttpAnswer limited(Admission.Refused refused) {
        HttpAnswer answer = refused.budget()
                ? of(BUDGET_EXCEEDED, 429, "insufficient_quota", "budget_exceeded", null, refused.message())
                : of(RATE_LIMITED, 429, refused.limit() == Admission.Limit.REQUESTS_PER_MINUTE ? "requests" : "tokens",
                "rate_limit_exceeded", null, refused.message());
        if (refused.retryAfter() != null) {
            answer = answer.withHeader("retry-after", Long.toString(Math.max(1, (refused.retryAfter().toMillis() + 999) / 1000)));
        }
        return answer.withHeaders(refused.headers());
    }

    /** A bug: still an answer in the API's shape, with nothing of the failure in it. */
    static HttpAnswer routerFailure() {
        return of(ROUTER_FAILURE, 500, "server_error", null, null, "The router failed to handle the request.");
    }

    private static HttpAnswer of(String reason, int status, String type, String code, String param, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        if (param != null) {
            error.put("param", param);
        }
        if (code == null) {
            error.putNull("code");
        } else {
            error.put("code", code);
        }
        return HttpAnswer.json(status, root.toString()).answeredByRouter(reason);
    }
}
