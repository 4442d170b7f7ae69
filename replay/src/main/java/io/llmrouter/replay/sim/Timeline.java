package io.llmrouter.replay.sim;

import java.util.PriorityQueue;

/**
 * A replay's scenario events (outages starting, autoscaler evaluations) in time order; those at the same
 * instant in the order they were scheduled.
 */
final class Timeline {

    private record Event(double at, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Double.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long sequence;

    void at(double t, Runnable action) {
        events.add(new Event(t, sequence++, action));
    }

    /** When the next event is due; infinity when none is. */
    double next() {
        return events.isEmpty() ? Double.POSITIVE_INFINITY : events.peek().at();
    }

    void runNext() {
        events.poll().action().run();
    }
}
