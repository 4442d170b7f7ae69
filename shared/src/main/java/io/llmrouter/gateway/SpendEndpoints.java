package io.llmrouter.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmrouter.spend.SpendAmount;
import io.llmrouter.spend.SpendDimension;
import io.llmrouter.spend.SpendGranularity;
import io.llmrouter.spend.SpendLine;
import io.llmrouter.spend.SpendReport;
import io.llmrouter.spend.SpendRollup;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /v1/router/spend}, behind {@code router.adminKey}: what was spent per team, key, tag, target or
 * model over a time range, from the roll-ups every instance adds to ({@link SpendRollup}), by hour or by day.
 *
 * <p>Parameters: {@code groupBy} (default {@code team}), {@code granularity} ({@code hour} or {@code day}, default
 * {@code day}), {@code from} and {@code to} (an ISO-8601 instant such as {@code 2026-12-05T10:00:00Z}, or a date:
 * {@code from=2026-12-01} is the start of that UTC day, {@code to=2026-12-05} its end). Defaults: {@code from} the
 * start of today (UTC), {@code to} now. Every bucket that overlaps {@code [from, to)} is counted whole; the answer
 * says which range its buckets cover. Hour buckets are kept 40 days and a range of them may span
 * {@value #MAX_HOURS} hours; day buckets are kept 400 days and a range may span {@value #MAX_DAYS} days.
 */
final class SpendEndpoints {

    static final String PATH = "/v1/router/spend";
    static final int MAX_HOURS = 31 * 24;
    static final int MAX_DAYS = 400;
    private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T00:00:00Z");
    private static final Set<String> PARAMETERS = Set.of("groupBy", "granularity", "from", "to");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Null when the router has no spend store: the endpoint is then a 404. */
    private final SpendRollup spend;
    private final Clock clock;

    SpendEndpoints(SpendRollup spend, Clock clock) {
        this.spend = spend;
        this.clock = clock;
    }

    HttpAnswer report(HttpCall call) {
        if (spend == null) {
            return ErrorAnswers.unknownUrl("Unknown request URL: GET " + PATH + " (this router keeps no spend)");
        }
        try {
            Query query = Query.of(QueryParameters.parse(call.query(), PARAMETERS), clock.instant());
            // This instance's own requests are in the answer at once; other instances' within their flush interval.
            spend.flush();
            SpendReport report = SpendReport.of(spend.store().read(query.granularity(), query.groupBy(),
                    query.firstBucket(), query.lastBucket()));
            return HttpAnswer.json(200, view(query, report).toString()).answeredByRouter("spend");
        } catch (QueryParameters.Refused refused) {
            return ErrorAnswers.invalidParam(refused.param(), refused.getMessage());
        }
    }

    /** What was asked, checked, with the buckets it covers. */
    private record Query(SpendDimension groupBy, SpendGranularity granularity, Instant firstBucket, Instant lastBucket) {

        static Query of(QueryParameters params, Instant now) {
            SpendDimension groupBy = params.get("groupBy").map(value -> SpendDimension.fromWire(value)
                    .orElseThrow(() -> new QueryParameters.Refused("groupBy", "groupBy must be one of "
                            + names(SpendDimension.values()) + ", not '" + value + "'.")))
                    .orElse(SpendDimension.TEAM);
            SpendGranularity granularity = params.get("granularity").map(value -> SpendGranularity.fromWire(value)
                    .orElseThrow(() -> new QueryParameters.Refused("granularity", "granularity must be one of "
                            + names(SpendGranularity.values()) + ", not '" + value + "'.")))
                    .orElse(SpendGranularity.DAY);
            Instant from = params.get("from").map(value -> instant("from", value, false))
                    .orElse(now.truncatedTo(ChronoUnit.DAYS));
            Instant to = params.get("to").map(value -> instant("to", value, true)).orElse(now);
            if (from.isAfter(to)) {
                throw new QueryParameters.Refused("from", "from (" + from + ") is after to (" + to + ").");
            }
            Instant first = granularity.bucketStart(from);
            Instant last = to.isAfter(from) ? granularity.bucketStart(to.minusNanos(1)) : first;
            long buckets = (granularity == SpendGranularity.HOUR ? ChronoUnit.HOURS : ChronoUnit.DAYS)
                    .between(first, last) + 1;
            long max = granularity == SpendGranularity.HOUR ? MAX_HOURS : MAX_DAYS;
            if (buckets > max) {
                throw new QueryParameters.Refused("from", "A range of " + granularity.wireName() + " buckets spans at most "
                        + max + " of them, this one " + buckets + (granularity == SpendGranularity.HOUR
                        ? "; ask for granularity=day." : "."));
            }
            return new Query(groupBy, granularity, first, last);
        }

        /** An instant, or a date: its start (its end for {@code to}), in UTC, from 1970 to 9999. */
        private static Instant instant(String param, String value, boolean endOfDay) {
            // A '+' of an offset that was not percent-encoded arrives as a space.
            String text = value.replace(' ', '+');
            Instant instant;
            try {
                if (text.length() == 10) {
                    LocalDate date = LocalDate.parse(text);
                    instant = (endOfDay ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
                } else {
                    instant = OffsetDateTime.parse(text).toInstant();
                }
            } catch (DateTimeParseException e) {
                throw new QueryParameters.Refused(param, param + " must be an ISO-8601 instant such as "
                        + "2026-12-05T10:00:00Z or a date such as 2026-12-05, not '" + value + "'.");
            }
            // Bucket starts print at one width in these years, which the sort keys' order relies on.
            if (instant.isBefore(Instant.EPOCH) || !instant.isBefore(LAST_INSTANT)) {
                throw new QueryParameters.Refused(param, param + " must be between 1970 and 9999, not '" + value + "'.");
            }
            return instant;
        }

        private static String names(Enum<?>[] values) {
            return Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", "));
        }
    }

    private static ObjectNode view(Query query, SpendReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("object", "spend");
        root.put("groupBy", query.groupBy().wireName());
        root.put("granularity", query.granularity().wireName());
        root.put("from", query.firstBucket().toString());
        root.put("to", query.granularity().nextBucketStart(query.lastBucket()).toString());
        amount(root.putObject("total"), report.total());
        ArrayNode data = root.putArray("data");
        for (SpendReport.Group group : report.groups()) {
            ObjectNode node = data.addObject();
            node.put("group", group.value());
            amount(node, group.total());
            ArrayNode buckets = node.putArray("buckets");
            for (SpendLine line : group.buckets()) {
                ObjectNode bucket = buckets.addObject();
                bucket.put("start", line.key().bucketStart().toString());
                amount(bucket, line.amount());
            }
        }
        return root;
    }

    private static void amount(ObjectNode node, SpendAmount amount) {
        node.put("usd", amount.usd());
        node.put("requests", amount.requests());
        node.put("promptTokens", amount.promptTokens());
        node.put("completionTokens", amount.completionTokens());
    }
}
