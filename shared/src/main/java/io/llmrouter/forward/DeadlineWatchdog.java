package io.llmrouter.forward;

import java.io.Closeable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Aborts an upstream exchange when the request's time budget runs out. The HTTP client's timeouts bound
 * the wait for headers and each read, not a body that keeps trickling; the watchdog shuts the connection
 * down, which wakes the blocked read with an exception or an early end.
 */
final class DeadlineWatchdog {

    /** One daemon thread for the whole process: it only ever aborts exchanges. */
    private static final ScheduledExecutorService TIMER = timer();

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "upstream-body-deadline");
            thread.setDaemon(true);
            return thread;
        });
        // A body read in time cancels its watch; without this the cancelled task would stay queued until its
        // deadline, so a busy function would hold (requests/s x 27 s) dead tasks and pay for them on every schedule.
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private DeadlineWatchdog() {
    }

    /** A watch on one exchange; closing it (try-with-resources) cancels the watch. */
    static final class Watch implements Closeable {
        private final AtomicBoolean expired = new AtomicBoolean();
        private ScheduledFuture<?> timer;

        /** True when the deadline passed and the exchange was aborted for it. */
        boolean expired() {
            return expired.get();
        }

        @Override
        public void close() {
            timer.cancel(false);
        }
    }

    /** Watches {@code exchange} until {@code deadlineNanos}, a {@link System#nanoTime()} value. */
    static Watch watch(UpstreamHttp.Exchange exchange, long deadlineNanos) {
        Watch watch = new Watch();
        watch.timer = TIMER.schedule(() -> {
            watch.expired.set(true);
            exchange.abort();
        }, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return watch;
    }
}
