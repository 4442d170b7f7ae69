package io.llmrouter.replay.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * A cluster's replicas and their slots, for the autoscaler to change. Slots are numbered in the order
 * their replicas were started, and keep their numbers. A replica started at {@code t} is paid from
 * {@code t} but frees its slots only when it serves, {@code startupSeconds} later; a request admitted
 * meanwhile takes one then if it is the first slot to free, while requests already waiting keep the
 * slot they were queued for (as requests queued in a pod stay there). A replica stopped takes no more requests and
 * is paid until it has finished those it holds (a drain, as a pod's termination grace period gives).
 */
final class ReplicaSet {

    private static final class Replica {
        final double startedAt;
        final double readyAt;
        double stoppedAt = Double.POSITIVE_INFINITY;
        double paidUntil = Double.POSITIVE_INFINITY;

        Replica(double startedAt, double readyAt) {
            this.startedAt = startedAt;
            this.readyAt = readyAt;
        }

        boolean running() {
            return stoppedAt == Double.POSITIVE_INFINITY;
        }
    }

    private final int slotsPerReplica;
    private final List<Replica> replicas = new ArrayList<>();
    /** When each slot frees, by slot number. */
    private final List<Double> freeAt = new ArrayList<>();
    /** When each slot finishes the last request it holds or waits for; -infinity for none. */
    private final List<Double> busyUntil = new ArrayList<>();

    ReplicaSet(int replicas, int slotsPerReplica) {
        this.slotsPerReplica = slotsPerReplica;
        for (int i = 0; i < replicas; i++) {
            start(0, 0);
        }
    }

    /** Replicas started and not stopped, those still starting included (the count the autoscaler scales). */
    int running() {
        return (int) replicas.stream().filter(Replica::running).count();
    }

    int slots() {
        return freeAt.size();
    }

    double freeAt(int slot) {
        return freeAt.get(slot);
    }

    void occupy(int slot, double until) {
        freeAt.set(slot, until);
        busyUntil.set(slot, until);
    }

    /**
     * The requests waiting for {@code slot} were dropped at {@code t}; the last one left on it ends at
     * {@code lastEnd} (-infinity for none): the slot frees then, or when its replica serves.
     */
    void dropped(int slot, double t, double lastEnd) {
        busyUntil.set(slot, lastEnd);
        freeAt.set(slot, Math.min(freeAt.get(slot), Math.max(Math.max(t, replicaOf(slot).readyAt), lastEnd)));
    }

    /** The slot of a running replica that frees first, the lowest-numbered on a tie. */
    int firstFreeSlot() {
        int best = -1;
        for (int slot = 0; slot < freeAt.size(); slot++) {
            if (replicaOf(slot).running() && (best < 0 || freeAt.get(slot) < freeAt.get(best))) {
                best = slot;
            }
        }
        return best;
    }

    /** Whether {@code slot} belongs to a replica that serves at {@code t}: started up and not stopped. */
    boolean serving(int slot, double t) {
        Replica replica = replicaOf(slot);
        return replica.readyAt <= t && replica.stoppedAt > t;
    }

    void start(double now, double startupSeconds) {
        replicas.add(new Replica(now, now + startupSeconds));
        for (int i = 0; i < slotsPerReplica; i++) {
            freeAt.add(now + startupSeconds);
            busyUntil.add(Double.NEGATIVE_INFINITY);
        }
    }

    /** Stops the newest running replica (one still starting goes first, as Kubernetes picks), drained of its requests. */
    void stopNewest(double now) {
        for (int r = replicas.size() - 1; r >= 0; r--) {
            Replica replica = replicas.get(r);
            if (replica.running()) {
                replica.stoppedAt = now;
                double drained = now;
                for (int slot = r * slotsPerReplica; slot < (r + 1) * slotsPerReplica; slot++) {
                    drained = Math.max(drained, busyUntil.get(slot));
                }
                replica.paidUntil = drained;
                return;
            }
        }
    }

    /** Each replica's paid time, up to {@code end}. */
    List<ReplicaSpan> spans(double end) {
        List<ReplicaSpan> spans = new ArrayList<>();
        for (Replica replica : replicas) {
            double from = Math.min(replica.startedAt, end);
            spans.add(new ReplicaSpan(from, Math.max(from, Math.min(replica.paidUntil, end))));
        }
        return spans;
    }

    private Replica replicaOf(int slot) {
        return replicas.get(slot / slotsPerReplica);
    }

    @Override
    public String toString() {
        return "slots free at " + freeAt;
    }
}
