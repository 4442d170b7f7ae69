package io.llmrouter.routing;

import io.llmrouter.state.HealthRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Whether a cluster's health record is recent enough to route on, judged on what this instance can know.
 *
 * <p>A record counts as stale once it is older than {@code staleAfter} (staleAfterIntervals poll
 * intervals). Its age is counted up to the moment the snapshot holding it was loaded, not up to now:
 * the poller may well have written a newer record since, which the next load will bring. That grace
 * is at most one {@code snapshotRefresh}: the cache reloads by then, and a snapshot kept longer
 * (the store unreachable) earns none, so a record from a poller that stopped still ages out.
 *
 * <p>A cluster whose record has gone stale but which answered this instance successfully within
 * {@code staleAfter} is kept: it is demonstrably serving ({@link LiveEvidence}).
 */
public final class HealthFreshness {

    /** The verdict on one record; {@code note} says why a stale record was kept, or why it was not. */
    public record Verdict(boolean admitted, String note) {
    }

    private static final Verdict FRESH = new Verdict(true, null);

    private final Duration staleAfter;
    private final long staleAfterMillis;
    private final long refreshMillis;
    private final LiveEvidence evidence;

    public HealthFreshness(Duration staleAfter, Duration snapshotRefresh, LiveEvidence evidence) {
        this.staleAfter = staleAfter;
        this.staleAfterMillis = staleAfter.toMillis();
        this.refreshMillis = snapshotRefresh.toMillis();
        this.evidence = evidence;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    /**
     * How old {@code record} counts as at {@code now}, read from a snapshot loaded at {@code loadedAt}:
     * its age minus the snapshot's own age, the latter capped at one refresh interval.
     */
    public Duration age(HealthRecord record, Instant loadedAt, Instant now) {
        return Duration.ofMillis(ageMillis(record, loadedAt, now));
    }

    /**
     * The verdict on {@code target}'s record (which must have an observation time). Runs for every
     * cluster of every decision, so the usual case, a fresh record, allocates nothing.
     */
    public Verdict judge(String target, HealthRecord record, Instant loadedAt, Instant now) {
        long age = ageMillis(record, loadedAt, now);
        if (age <= staleAfterMillis) {
            return FRESH;
        }
        Instant answered = evidence.lastAnswered(target);
        long answeredAgo = answered == null ? Long.MAX_VALUE : now.toEpochMilli() - answered.toEpochMilli();
        if (answeredAgo <= staleAfterMillis) {
            return new Verdict(true, "kept on live evidence: health record " + seconds(age) + " old (stale after "
                    + seconds(staleAfterMillis) + "), but it answered here " + seconds(answeredAgo) + " ago");
        }
        return new Verdict(false, "health record is stale: " + seconds(age) + " old (stale after "
                + seconds(staleAfterMillis) + ")");
    }

    private long ageMillis(HealthRecord record, Instant loadedAt, Instant now) {
        long nowMillis = now.toEpochMilli();
        long age = nowMillis - record.observedAt().toEpochMilli();
        if (loadedAt == null) {
            return age;
        }
        long snapshotAge = nowMillis - loadedAt.toEpochMilli();
        return age - Math.max(0, Math.min(snapshotAge, refreshMillis));
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", Math.max(0, millis) / 1000.0);
    }
}
