package io.llmrouter.forward;

import io.llmrouter.forward.translate.Usage;
import io.llmrouter.routing.Candidate;

import java.util.List;
import java.util.Map;

/**
 * How forwarding a request ended.
 *
 * <ul>
 *   <li>{@link Answered}: a candidate answered (2xx, or the client's own 4xx passed back as is);</li>
 *   <li>{@link Exhausted}: every candidate tried failed, or the time budget ran out;</li>
 *   <li>{@link Refused}: no candidate could take the request as asked (a chat feature no target's
 *       wire format has): the client's request is at fault, not the targets;</li>
 *   <li>{@link HeldBack}: nothing was sent, because the breaker of every candidate that could take the
 *       request was due a trial that another request claimed first: no target is available, as when
 *       the router rejects them all.</li>
 * </ul>
 */
public sealed interface ForwardOutcome {

    List<Attempt> attempts();

    /** Time spent waiting on upstreams and breakers opened, for metrics. */
    ForwardStats stats();

    /**
     * @param upstreamNanos time inside upstream attempts (request sent to body read), all attempts together
     * @param breakerOpens  circuit breakers the attempts opened
     */
    record ForwardStats(long upstreamNanos, int breakerOpens) {
        public static final ForwardStats NONE = new ForwardStats(0, 0);
    }

    /**
     * @param body     OpenAI's wire format: a JSON response, or the relayed {@code text/event-stream}; empty when
     *                 the answer was streamed to the client's {@link EventSink}
     * @param usage    the tokens the upstream reported (body or stream); {@link Usage#UNKNOWN} when none
     * @param streamed how the stream sent to the client's {@link EventSink} went; null when {@code body} is the answer
     * @param droppedParams the client's parameters left out of the request to the answering target
     */
    record Answered(Candidate candidate, int status, Map<String, String> headers, byte[] body, Usage usage,
                    List<Attempt> attempts, ForwardStats stats, Streamed streamed, List<String> droppedParams)
            implements ForwardOutcome {
    }

    /**
     * An answer that went to the client event by event, as the upstream produced it.
     *
     * @param firstEventNanos {@link System#nanoTime()} when its first event was written to the client
     */
    record Streamed(long firstEventNanos, StreamEnd end) {
    }

    /** How a stream sent to the client ended. */
    enum StreamEnd {
        /** with the upstream's final event and {@code [DONE]} */
        COMPLETED,
        /** with an error event: the upstream broke, stalled or failed after the first event */
        INTERRUPTED,
        /** the client went away; the upstream request was cancelled */
        CLIENT_DISCONNECTED;

        /** As the request log writes it. */
        public String logName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Exhausted(List<Attempt> attempts, ForwardStats stats) implements ForwardOutcome {
    }

    /** @param attempts one per candidate, each saying why it was held back (or could not take the request) */
    record HeldBack(List<Attempt> attempts) implements ForwardOutcome {
        @Override
        public ForwardStats stats() {
            return ForwardStats.NONE;
        }
    }

    /**
     * @param message why the first candidate could not take the request
     * @param param   the request field at fault, or null
     */
    record Refused(String message, String param, List<Attempt> attempts) implements ForwardOutcome {
        @Override
        public ForwardStats stats() {
            return ForwardStats.NONE;
        }
    }
}
