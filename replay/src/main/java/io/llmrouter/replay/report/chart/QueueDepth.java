package io.llmrouter.replay.report.chart;

import io.llmrouter.replay.sim.PolicyRun;
import io.llmrouter.replay.sim.QueueSample;

import java.util.ArrayList;
import java.util.List;

/**
 * One cluster's queue during a run, as it was and as the router saw it: the true number of requests waiting
 * for a slot, and the {@code requestsDeferred} of the newest health record the poller had written, which is
 * what the router decided with. Both hold their value until the next sample; where the lines part, the
 * router sent requests to a queue it did not know about (or avoided one that had drained).
 */
final class QueueDepth {

    static final String TRUE_NAME = "true queue";
    static final String SEEN_NAME = "router's view (last poll)";

    private QueueDepth() {
    }

    static Chart of(PolicyRun run, String cluster) {
        List<QueueSample> samples = new ArrayList<>();
        for (QueueSample sample : run.queueSamples()) {
            if (sample.cluster().equals(cluster)) {
                samples.add(sample);
            }
        }
        int n = samples.size();
        double[] minutes = new double[n];
        double[] trueDepth = new double[n];
        double[] seenDepth = new double[n];
        int trueMax = 0;
        int seenMax = 0;
        int missed = 0;
        for (int i = 0; i < n; i++) {
            QueueSample sample = samples.get(i);
            minutes[i] = sample.at() / 60;
            trueDepth[i] = sample.trueDeferred();
            seenDepth[i] = sample.seenDeferred() == null ? Double.NaN : sample.seenDeferred();
            trueMax = Math.max(trueMax, sample.trueDeferred());
            if (sample.seenDeferred() != null) {
                seenMax = Math.max(seenMax, sample.seenDeferred());
            }
            if (sample.trueDeferred() > 0 && (sample.seenDeferred() == null || sample.seenDeferred() == 0)) {
                missed++;
            }
        }
        String description = "Requests waiting for a slot on " + cluster + " under " + run.policy() + ", at " + n
                + " instants (after each health poll and at arrivals): the true queue peaked at " + trueMax
                + ", the router's view at " + seenMax + "; at " + missed
                + " of them requests were waiting while the router's view showed none.";
        return new Chart(cluster + ": true queue depth vs the router's view (" + run.policy() + ")", description,
                "minutes since the trace's start", Unit.MINUTES, "requests waiting for a slot", Unit.REQUESTS, null,
                List.of(Series.step(TRUE_NAME, Palette.TRUE_QUEUE, false, minutes, trueDepth),
                        Series.step(SEEN_NAME, Palette.SEEN_QUEUE, true, minutes, seenDepth)));
    }
}
