package io.llmrouter.routing.filter;

import io.llmrouter.routing.LiveEvidence;
import io.llmrouter.routing.TargetState;
import io.llmrouter.state.HealthRecord;

/**
 * A cluster's load as this instance can tell it: the requests its last probe saw busy and waiting,
 * plus those this instance sent it since and is still waiting for. Between two polls a busy cluster's
 * queue grows with every request the router sends it and shrinks with every answer, and the record
 * cannot show either. This instance knows its own share of both.
 *
 * @param busy       slots busy at the probe; null when the record does not say
 * @param deferred   requests waiting for a slot at the probe
 * @param sentSince  requests this instance sent after the probe that have not ended
 * @param endedSince requests this instance sent before the probe (so the probe counted them) that have ended since
 * @param slots      the cluster's slots; null when the record does not say
 */
record ClusterLoad(Integer busy, int deferred, int sentSince, int endedSince, Integer slots) {

    /** The load of {@code state}'s cluster; null when its record reports no queue. */
    static ClusterLoad of(TargetState state, LiveEvidence evidence) {
        HealthRecord health = state.health();
        Integer deferred = health == null ? null : health.requestsDeferred();
        if (deferred == null) {
            return null;
        }
        Integer busy = health.busySlots() != null ? health.busySlots() : health.requestsProcessing();
        Integer slots = health.totalSlots();
        if (busy == null || slots == null || health.observedAt() == null) {
            return new ClusterLoad(busy, deferred, 0, 0, slots);
        }
        String name = state.target().name();
        return new ClusterLoad(busy, deferred, evidence.inFlightSince(name, health.observedAt()),
                evidence.endedSince(name, health.observedAt()), slots);
    }

    /** Whether the slots are known, so that the requests sent since can be placed in slots or in the queue. */
    boolean slotsKnown() {
        return busy != null && slots != null && slots > 0;
    }

    /**
     * Requests waiting for a slot now: the requests sent since the probe fill its free slots first and
     * queue after; without the slots, the probe's queue is all there is to go on.
     */
    int queue() {
        // The probe's own queue, less what ended since, is a floor whatever the slots say.
        return slotsKnown() ? Math.max(Math.max(0, deferred - endedSince), occupancy() - slots) : deferred;
    }

    /** Requests that would wait for a slot ahead of one sent now, plus that one: 0 when a slot is free. */
    int waitingAhead() {
        return slotsKnown() ? Math.max(Math.max(0, deferred - endedSince) + sentSince, occupancy() - slots + 1)
                : deferred;
    }

    /** Requests holding or waiting for a slot now, as far as this instance can tell. */
    private int occupancy() {
        return Math.max(0, busy + deferred - endedSince) + sentSince;
    }

    /** In words, for a rejection: "5 waiting at the last probe, 3 sent here since". */
    String describe() {
        StringBuilder text = new StringBuilder().append(deferred).append(" waiting at the last probe");
        if (sentSince > 0) {
            text.append(", ").append(sentSince).append(" sent here since");
        }
        if (endedSince > 0) {
            text.append(", ").append(endedSince).append(" ended since");
        }
        return text.toString();
    }
}
