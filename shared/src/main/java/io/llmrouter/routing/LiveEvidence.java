package io.llmrouter.routing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this instance saw its targets do: when each last answered one of its requests successfully, and
 * which of its requests each is serving now.
 *
 * <p>A health record says what the poller saw some seconds ago; a successful answer says what a
 * target did just now. The router keeps a cluster whose record has aged past its window while the
 * cluster keeps answering (see {@link HealthFreshness}). Failures need no record here: they open the
 * target's circuit breaker.
 *
 * <p>The requests in flight fill the gap between two polls: a record counts the requests a cluster
 * held when it was probed, not the ones sent to it since, so the router adds those it sent itself
 * ({@link #inFlightSince}) and takes away those of its own the record counted that have ended since
 * ({@link #endedSince}) before judging the cluster's queue.
 */
public final class LiveEvidence {

    private final Map<String, Instant> lastAnswered = new ConcurrentHashMap<>();
    private final Map<String, Requests> requests = new ConcurrentHashMap<>();
    private final Map<String, Double> outputTokens = new ConcurrentHashMap<>();

    /** Weight of the newest answer in a target's typical output length. */
    static final double OUTPUT_SMOOTHING = 0.05;
    /** Ended requests kept per target, to tell which of those a health record counted have ended since. */
    static final int ENDED_KEPT = 512;

    /** One request this instance sent to a target; close it when the attempt ends, however it ends. */
    public final class InFlight implements AutoCloseable {
        private final String target;
        private final Clock clock;
        private final Instant sentAt;
        private Instant endedAt;

        private InFlight(String target, Clock clock) {
            this.target = target;
            this.clock = clock;
            this.sentAt = clock.instant();
        }

        @Override
        public void close() {
            requests.get(target).ended(this, clock.instant());
        }
    }

    /**
     * One target's requests from this instance: those in flight, and the last ones that ended, in end order.
     * The two counts the router asks for are kept for the probe time it last asked about, so that a decision
     * costs no scan while the health record stays the same; a new probe time counts once from the lists.
     */
    private static final class Requests {
        private final Set<InFlight> open = new HashSet<>();
        private final ArrayDeque<InFlight> ended = new ArrayDeque<>();
        private Instant since;
        private int sentAfterSince;
        private int endedAfterSince;

        synchronized void sent(InFlight request) {
            open.add(request);
            if (since != null && request.sentAt.isAfter(since)) {
                sentAfterSince++;
            }
        }

        synchronized void ended(InFlight request, Instant at) {
            if (!open.remove(request)) {
                return;
            }
            request.endedAt = at;
            ended.addLast(request);
            if (ended.size() > ENDED_KEPT) {
                ended.removeFirst();
            }
            if (since != null) {
                if (request.sentAt.isAfter(since)) {
                    sentAfterSince--;
                } else if (at.isAfter(since)) {
                    endedAfterSince++;
                }
            }
        }

        synchronized int sentAfter(Instant probe) {
            countFor(probe);
            return sentAfterSince;
        }

        synchronized int endedAfterSentBefore(Instant probe) {
            countFor(probe);
            return endedAfterSince;
        }

        private void countFor(Instant probe) {
            if (probe.equals(since)) {
                return;
            }
            since = probe;
            sentAfterSince = 0;
            for (InFlight request : open) {
                sentAfterSince += request.sentAt.isAfter(probe) ? 1 : 0;
            }
            endedAfterSince = 0;
            for (Iterator<InFlight> newestFirst = ended.descendingIterator(); newestFirst.hasNext(); ) {
                InFlight request = newestFirst.next();
                if (!request.endedAt.isAfter(probe)) {
                    break;
                }
                endedAfterSince += request.sentAt.isAfter(probe) ? 0 : 1;
            }
        }
    }

    /** This instance sends a request to {@code target} now, on {@code clock}. */
    public InFlight sending(String target, Clock clock) {
        InFlight request = new InFlight(target, clock);
        requests.computeIfAbsent(target, t -> new Requests()).sent(request);
        return request;
    }

    /** How many requests this instance sent to {@code target} after {@code since} that have not ended. */
    public int inFlightSince(String target, Instant since) {
        Requests log = requests.get(target);
        return log == null ? 0 : log.sentAfter(since);
    }

    /**
     * How many requests this instance sent to {@code target} at or before {@code since} that ended after it:
     * a probe at {@code since} counted them busy or waiting, and they no longer are (as far as this
     * instance kept track: its last {@value #ENDED_KEPT}).
     */
    public int endedSince(String target, Instant since) {
        Requests log = requests.get(target);
        return log == null ? 0 : log.endedAfterSentBefore(since);
    }

    /** {@code target} answered a request successfully at {@code at}. */
    public void answered(String target, Instant at) {
        Instant previous = lastAnswered.get(target);
        // A plain put in the common case; requests finishing out of order never move the time back.
        if (previous == null || previous.isBefore(at)) {
            lastAnswered.merge(target, at, (old, now) -> now.isAfter(old) ? now : old);
        }
    }

    /**
     * {@code target} generated {@code tokens} for one of this instance's requests. The typical length
     * lets the router estimate how long a cluster's slots stay busy, which the requests' own max_tokens
     * rarely says (most set none).
     */
    public void generated(String target, int tokens) {
        if (tokens >= 0) {
            outputTokens.merge(target, (double) tokens,
                    (typical, latest) -> typical + OUTPUT_SMOOTHING * (latest - typical));
        }
    }

    /** An exponentially smoothed output length of {@code target}'s answers here; null before its first. */
    public Double typicalOutputTokens(String target) {
        return outputTokens.get(target);
    }

    /** When {@code target} last answered this instance successfully; null if it never has. */
    public Instant lastAnswered(String target) {
        return lastAnswered.get(target);
    }
}
