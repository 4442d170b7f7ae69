package io.llmrouter.metrics;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One structured log line per routed request ({@code message = "request"}), its fields in the log's
 * context so that the JSON layout writes them as top-level keys that CloudWatch Logs Insights can
 * query ({@code stats count(*) by target, reason}). The line holds no prompt, completion or key
 * secret: a stored API key appears by its id ({@code key_...}) and team, for cost allocation.
 */
public final class RequestLog implements RequestObserver {

    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    @Override
    public void observe(RequestOutcome outcome) {
        if (!outcome.routed() || !LOG.isInfoEnabled()) {
            return;
        }
        Map<String, String> fields = fields(outcome);
        try {
            fields.forEach(MDC::put);
            LOG.info("request");
        } finally {
            fields.keySet().forEach(MDC::remove);
        }
    }

    /** The fields of the line; unknown values are left out rather than written as null. */
    public static Map<String, String> fields(RequestOutcome outcome) {
        Map<String, String> fields = new LinkedHashMap<>();
        put(fields, "requestId", outcome.requestId());
        put(fields, "route", outcome.route());
        put(fields, "status", String.valueOf(outcome.status()));
        put(fields, "model", outcome.model());
        put(fields, "target", outcome.targetOrNone());
        put(fields, "servedModel", outcome.servedModel());
        put(fields, "keyId", outcome.caller().keyId());
        put(fields, "team", outcome.caller().team());
        put(fields, "reason", outcome.reason());
        put(fields, "attempts", String.valueOf(outcome.attempts()));
        put(fields, "promptTokens", outcome.promptTokens());
        put(fields, "completionTokens", outcome.completionTokens());
        put(fields, "costUsd", usd(outcome.costUsd()));
        put(fields, "savingsUsd", usd(outcome.savingsUsd()));
        put(fields, "cache", outcome.cache());
        put(fields, "latencyMs", millis(outcome.latencyNanos()));
        put(fields, "upstreamLatencyMs", millis(outcome.upstreamNanos()));
        put(fields, "stream", outcome.streamEnd());
        put(fields, "firstEventMs", outcome.firstEventNanos() == null ? null : millis(outcome.firstEventNanos()));
        return fields;
    }

    private static void put(Map<String, String> fields, String key, Object value) {
        if (value != null) {
            fields.put(key, value.toString());
        }
    }

    private static String usd(Double value) {
        return value == null ? null : String.format(Locale.ROOT, "%.8f", value);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
