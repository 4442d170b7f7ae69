package io.llmrouter.forward;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes an upstream response body when the request's time budget runs out. Java's HTTP client times
 * out only the wait for headers; a body that stops arriving would block the read forever, so the
 * watchdog closes the stream, which wakes the blocked read with an exception or an early end.
 */
final class DeadlineWatchdog {

    /** One daemon thread for the whole process: it only ever closes streams. */
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

    /** A watch on one body; closing it (try-with-resources) cancels the watch. */
    static final class Watch implements Closeable {
        private final AtomicBoolean expired = new AtomicBoolean();
        private ScheduledFuture<?> timer;

        /** True when the deadline passed and the body was closed for it. */
        boolean expired() {
            return expired.get();
        }

        @Override
        public void close() {
            timer.cancel(false);
        }
    }

    /** Watches {@code body} until {@code deadlineNanos}, a {@link System#nanoTime()} value. */
    static Watch watch(InputStream body, long deadlineNanos) {
        Watch watch = new Watch();
        watch.timer = TIMER.schedule(() -> {
            watch.expired.set(true);
            try {
                body.close();
            } catch (IOException ignored) {
                // Closing is how the blocked read is woken; a failure to close changes nothing.
            }
        }, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return watch;
    }
}
