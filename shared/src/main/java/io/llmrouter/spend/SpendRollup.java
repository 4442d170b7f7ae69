package io.llmrouter.spend;

import io.llmrouter.metrics.RequestObserver;
import io.llmrouter.metrics.RequestOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Rolls up what routed requests cost, per key, team, tag, target and model, by UTC hour and day, in memory, and
 * adds it to the {@link SpendStore} now and then rather than once per request: at steady state an instance
 * makes one write call per flush interval (a batch covers up to 100 buckets), however many requests it serves.
 *
 * <p>Flushes happen on a request thread, after its answer is ready, because Lambda freezes an instance between
 * invocations and so stops any background thread: the request that finds the flush interval over, or the
 * pending buckets over their bound, sends them. Other requests only add to a map. One flush at a time: a request
 * that finds another flush under way does not wait for it. What an instance holds when it is retired without a
 * shutdown is lost: at most one flush interval's spend of that instance.
 *
 * <p>A failed flush keeps its batches, token and all, and sends them again at the next flush before newer ones,
 * so a batch DynamoDB applied although the call failed is not counted twice (see {@link SpendBatch}). What is
 * kept is bounded: past {@code maxUnsentLines} the oldest batches are dropped, and the log says how many dollars
 * went with them. Nothing here throws into the request.
 */
public final class SpendRollup implements RequestObserver {

    /** The key dimension's value for a request without a stored API key (a configured client key, an open router). */
    public static final String UNKEYED = "unkeyed";
    /** The team dimension's value for a request whose key has no team. */
    public static final String NO_TEAM = "none";
    /** The model dimension's value when the answering target's model is not known. */
    static final String UNKNOWN_MODEL = "unknown";

    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(10);
    /** Distinct pending buckets that make a request flush before the interval is over. */
    static final int DEFAULT_MAX_PENDING = 1_000;
    /** Bucket increments kept across failed flushes, about 200 bytes each. */
    static final int DEFAULT_MAX_UNSENT = 50_000;

    private static final Logger log = LoggerFactory.getLogger(SpendRollup.class);

    private final SpendStore store;
    private final Clock clock;
    private final Duration flushInterval;
    private final int maxPending;
    private final int maxUnsentLines;

    private final Object pendingLock = new Object();
    /** Guarded by {@link #pendingLock}. */
    private Map<SpendKey, SpendAmount> pending = new HashMap<>();
    /** Guarded by {@link #pendingLock}. */
    private Instant lastFlush;

    private final ReentrantLock flushing = new ReentrantLock();
    /** Batches made but not yet stored, oldest first; guarded by {@link #flushing}. */
    private final Deque<SpendBatch> unsent = new ArrayDeque<>();

    public SpendRollup(SpendStore store, Clock clock) {
        this(store, clock, DEFAULT_FLUSH_INTERVAL, DEFAULT_MAX_PENDING, DEFAULT_MAX_UNSENT);
    }

    public SpendRollup(SpendStore store, Clock clock, Duration flushInterval) {
        this(store, clock, flushInterval, DEFAULT_MAX_PENDING, DEFAULT_MAX_UNSENT);
    }

    /**
     * @param flushInterval  how long increments may wait in memory
     * @param maxPending     distinct pending buckets after which a request flushes before the interval is over
     * @param maxUnsentLines bucket increments kept across failed flushes before the oldest are dropped
     */
    SpendRollup(SpendStore store, Clock clock, Duration flushInterval, int maxPending, int maxUnsentLines) {
        this.store = store;
        this.clock = clock;
        this.flushInterval = flushInterval;
        this.maxPending = maxPending;
        this.maxUnsentLines = maxUnsentLines;
        this.lastFlush = clock.instant();
    }

    public SpendStore store() {
        return store;
    }

    @Override
    public void observe(RequestOutcome outcome) {
        if (!outcome.routed() || outcome.costUsd() == null) {
            return;
        }
        Instant now = clock.instant();
        SpendAmount amount = new SpendAmount(outcome.costUsd(), 1, orZero(outcome.promptTokens()),
                orZero(outcome.completionTokens()));
        List<SpendKey> keys = keys(outcome, now);
        boolean due;
        synchronized (pendingLock) {
            for (SpendKey key : keys) {
                pending.merge(key, amount, SpendAmount::plus);
            }
            due = pending.size() >= maxPending || !now.isBefore(lastFlush.plus(flushInterval));
        }
        if (due && flushing.tryLock()) {
            try {
                send();
            } finally {
                flushing.unlock();
            }
        }
    }

    /**
     * Sends everything pending now, waiting for a flush under way on another thread: for shutdown, and for
     * reading one's own spend at once. Never throws.
     *
     * @return whether nothing is left unsent
     */
    public boolean flush() {
        flushing.lock();
        try {
            return send();
        } finally {
            flushing.unlock();
        }
    }

    /** Holding {@link #flushing}: batches what is pending, then stores the batches oldest first, until one fails. */
    private boolean send() {
        Map<SpendKey, SpendAmount> drained;
        synchronized (pendingLock) {
            drained = pending;
            pending = new HashMap<>();
            lastFlush = clock.instant();
        }
        List<SpendLine> lines = new ArrayList<>(drained.size());
        drained.forEach((key, amount) -> lines.add(new SpendLine(key, amount)));
        for (int from = 0; from < lines.size(); from += SpendBatch.MAX_LINES) {
            unsent.addLast(SpendBatch.of(lines.subList(from, Math.min(lines.size(), from + SpendBatch.MAX_LINES))));
        }
        dropBeyondBound();
        while (!unsent.isEmpty()) {
            try {
                store.add(unsent.peekFirst());
                unsent.removeFirst();
            } catch (RuntimeException e) {
                log.warn("spend flush failed, {} batches kept for the next one: {}", unsent.size(), e.toString());
                return false;
            }
        }
        return true;
    }

    private void dropBeyondBound() {
        int kept = unsent.stream().mapToInt(batch -> batch.lines().size()).sum();
        int droppedBatches = 0;
        double droppedUsd = 0;
        while (kept > maxUnsentLines && unsent.size() > 1) {
            SpendBatch oldest = unsent.removeFirst();
            kept -= oldest.lines().size();
            droppedBatches++;
            droppedUsd += oldest.usd();
        }
        if (droppedBatches > 0) {
            // Each request counts once per dimension and granularity, so the dollars are summed over all of them.
            log.error("spend store unreachable for long: dropped the {} oldest unsent spend batches ({} USD summed "
                    + "over every bucket in them)", droppedBatches, String.format(Locale.ROOT, "%.6f", droppedUsd));
        }
    }

    /** The buckets one request adds to: per granularity, its key, team, each tag, target and model. */
    static List<SpendKey> keys(RequestOutcome outcome, Instant at) {
        RequestOutcome.Caller caller = outcome.caller();
        List<SpendKey> keys = new ArrayList<>(2 * (4 + caller.tags().size()));
        for (SpendGranularity granularity : SpendGranularity.values()) {
            Instant start = granularity.bucketStart(at);
            keys.add(new SpendKey(granularity, SpendDimension.KEY, start, orElse(caller.keyId(), UNKEYED)));
            keys.add(new SpendKey(granularity, SpendDimension.TEAM, start, orElse(caller.team(), NO_TEAM)));
            caller.tags().forEach((name, value) ->
                    keys.add(new SpendKey(granularity, SpendDimension.TAG, start, name + "=" + value)));
            keys.add(new SpendKey(granularity, SpendDimension.TARGET, start, outcome.targetOrNone()));
            keys.add(new SpendKey(granularity, SpendDimension.MODEL, start, orElse(outcome.servedModel(), UNKNOWN_MODEL)));
        }
        return keys;
    }

    private static String orElse(String value, String otherwise) {
        return value == null || value.isEmpty() ? otherwise : value;
    }

    private static long orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
