package io.llmrouter.replay.sim;

import io.llmrouter.replay.fleet.ClusterSpec;
import io.llmrouter.replay.trace.TraceRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One cluster's true state: which slot serves which request, and until when. Its slots (replicas x
 * slots per replica) share one first-come first-served queue: a request takes the slot that frees
 * first, at once if one is idle, else when that slot frees. It holds the slot for its prefill, then
 * its decode.
 *
 * <p>Requests are admitted in time order and never pre-empted, so a request's start and end are known
 * when it is admitted. What llama-server reports is then read off at any later time: the requests
 * processing and deferred, and the token counters and per-window throughput of {@code /metrics}, which
 * (as in llama-server) count a request when its slot finishes it, and reset their window at each scrape.
 *
 * <p>A scenario changes it in three ways: a slowdown makes the requests admitted meanwhile slower (their
 * measured tokens/s shows it); an outage drops the queued requests ({@link #dropQueued}); an autoscaler
 * starts and stops replicas ({@link ReplicaSet}).
 */
public final class SimulatedCluster {

    /** A request on this cluster: when it arrived, got its slot, had its first token, and finished. */
    public record Job(TraceRequest request, int slot, double arrival, double start, double firstToken, double end) {

        public double queueWait() {
            return start - arrival;
        }

        public double ttft() {
            return firstToken - arrival;
        }
    }

    private final ClusterSpec spec;
    private final ReplicaSet replicas;
    /** Admitted requests whose end the counters have not yet reached, in admission order. */
    private final List<Job> unfinished = new ArrayList<>();
    private double observedUntil;

    private double promptTokensTotal;
    private double promptSecondsTotal;
    private double predictedTokensTotal;
    private double predictedSecondsTotal;
    private double windowPromptTokens;
    private double windowPromptSeconds;
    private double windowPredictedTokens;
    private double windowPredictedSeconds;

    public SimulatedCluster(ClusterSpec spec) {
        this(spec, spec.replicas());
    }

    /** A cluster of {@code replicas} replicas of the spec's slots (an autoscaled cluster's starting count). */
    public SimulatedCluster(ClusterSpec spec, int replicas) {
        this.spec = spec;
        this.replicas = new ReplicaSet(replicas, spec.slotsPerReplica());
    }

    public ClusterSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** Queues {@code request}, arriving at {@code now}, for the slot that frees first (the lowest-numbered on a tie). */
    public Job admit(TraceRequest request, double now) {
        return admit(request, now, 1);
    }

    /** As {@link #admit(TraceRequest, double)}, the request prefilled and decoded {@code slowdown} times slower. */
    public Job admit(TraceRequest request, double now, double slowdown) {
        int slot = firstFreeSlot();
        double start = Math.max(now, replicas.freeAt(slot));
        double firstToken = start + spec.prefillSeconds(request.contextTokens()) * slowdown;
        double end = firstToken + spec.decodeSeconds(request.generatedTokens()) * slowdown;
        replicas.occupy(slot, end);
        Job job = new Job(request, slot, now, start, firstToken, end);
        unfinished.add(job);
        return job;
    }

    /** When a request arriving at {@code now} would get its slot. */
    public double startIfAdmitted(double now) {
        return Math.max(now, replicas.freeAt(firstFreeSlot()));
    }

    private int firstFreeSlot() {
        return replicas.firstFreeSlot();
    }

    /** Replicas running, those still starting included. */
    public int replicas() {
        return replicas.running();
    }

    /** Starts a replica at {@code now}; it serves {@code startupSeconds} later. */
    public void scaleUp(double now, double startupSeconds) {
        replicas.start(now, startupSeconds);
    }

    /** Stops the newest replica at {@code now}; it finishes the requests it holds. */
    public void scaleDown(double now) {
        replicas.stopNewest(now);
    }

    /** Requests admitted by {@code t} that wait for a slot at {@code t}: the true queue depth. */
    public int deferredAt(double t) {
        int deferred = 0;
        for (Job job : unfinished) {
            if (job.arrival() <= t && job.start() > t) {
                deferred++;
            }
        }
        return deferred;
    }

    /**
     * The cluster goes down at {@code t}: the requests waiting for a slot are dropped (their connections
     * close before their first byte) and returned; those holding a slot finish.
     */
    public List<Job> dropQueued(double t) {
        List<Job> dropped = new ArrayList<>();
        for (Job job : unfinished) {
            if (job.start() > t) {
                dropped.add(job);
            }
        }
        unfinished.removeAll(dropped);
        for (int slot = 0; slot < replicas.slots(); slot++) {
            double lastEnd = Double.NEGATIVE_INFINITY;
            for (Job job : unfinished) {
                if (job.slot() == slot) {
                    lastEnd = Math.max(lastEnd, job.end());
                }
            }
            replicas.dropped(slot, t, lastEnd);
        }
        return dropped;
    }

    /** Its replicas, each from its start to its stop or {@code end}. */
    public List<ReplicaSpan> replicaSpans(double end) {
        return replicas.spans(end);
    }

    /** Requests holding a slot at {@code t}. */
    public int processingAt(double t) {
        int processing = 0;
        for (Job job : unfinished) {
            if (job.start() <= t && job.end() > t) {
                processing++;
            }
        }
        return processing;
    }

    /** Whether slot {@code slot} is serving a request at {@code t}. */
    private boolean busy(int slot, double t) {
        for (Job job : unfinished) {
            if (job.slot() == slot && job.start() <= t && job.end() > t) {
                return true;
            }
        }
        return false;
    }

    /**
     * llama-server's {@code GET /metrics} at {@code t} (no earlier than the last scrape): the counters
     * of every request finished by then, and the throughput of those finished since the last scrape,
     * whose window this scrape closes.
     */
    public String scrapeMetrics(double t) {
        finishUntil(t);
        double promptPerSecond = windowPromptSeconds > 0 ? windowPromptTokens / windowPromptSeconds : 0;
        double predictedPerSecond = windowPredictedSeconds > 0 ? windowPredictedTokens / windowPredictedSeconds : 0;
        windowPromptTokens = 0;
        windowPromptSeconds = 0;
        windowPredictedTokens = 0;
        windowPredictedSeconds = 0;
        StringBuilder text = new StringBuilder(600);
        counter(text, "prompt_tokens_total", promptTokensTotal);
        counter(text, "prompt_seconds_total", promptSecondsTotal);
        counter(text, "tokens_predicted_total", predictedTokensTotal);
        counter(text, "tokens_predicted_seconds_total", predictedSecondsTotal);
        gauge(text, "prompt_tokens_seconds", promptPerSecond);
        gauge(text, "predicted_tokens_seconds", predictedPerSecond);
        gauge(text, "requests_processing", processingAt(t));
        gauge(text, "requests_deferred", deferredAt(t));
        return text.toString();
    }

    /** llama-server's {@code GET /slots} at {@code t}. */
    public String slotsJson(double t) {
        StringBuilder json = new StringBuilder("[");
        boolean first = true;
        for (int slot = 0; slot < replicas.slots(); slot++) {
            if (!replicas.serving(slot, t)) {
                continue;
            }
            if (!first) {
                json.append(',');
            }
            first = false;
            json.append("{\"id\":").append(slot);
            if (spec.contextWindow() != null) {
                json.append(",\"n_ctx\":").append(spec.contextWindow());
            }
            json.append(",\"is_processing\":").append(busy(slot, t)).append('}');
        }
        return json.append(']').toString();
    }

    /** Counts every request finished by {@code t} into the counters and the open window. */
    private void finishUntil(double t) {
        if (t < observedUntil) {
            throw new IllegalStateException("cluster " + spec.name() + " was already observed at " + observedUntil
                    + " s, cannot be observed at " + t + " s");
        }
        observedUntil = t;
        for (Job job : unfinished) {
            if (job.end() <= t) {
                double prefill = job.firstToken() - job.start();
                double decode = job.end() - job.firstToken();
                promptTokensTotal += job.request().contextTokens();
                promptSecondsTotal += prefill;
                predictedTokensTotal += job.request().generatedTokens();
                predictedSecondsTotal += decode;
                windowPromptTokens += job.request().contextTokens();
                windowPromptSeconds += prefill;
                windowPredictedTokens += job.request().generatedTokens();
                windowPredictedSeconds += decode;
            }
        }
        unfinished.removeIf(job -> job.end() <= t);
    }

    private static void counter(StringBuilder text, String name, double value) {
        text.append("# TYPE llamacpp:").append(name).append(" counter\n");
        text.append("llamacpp:").append(name).append(' ').append(number(value)).append('\n');
    }

    private static void gauge(StringBuilder text, String name, double value) {
        text.append("# TYPE llamacpp:").append(name).append(" gauge\n");
        text.append("llamacpp:").append(name).append(' ').append(number(value)).append('\n');
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.6f", value);
    }

    @Override
    public String toString() {
        return "SimulatedCluster[" + spec.name() + ", " + replicas + "]";
    }
}
