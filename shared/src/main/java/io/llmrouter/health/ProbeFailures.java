package io.llmrouter.health;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Turns why a probe request failed into a short reason for a health record. */
final class ProbeFailures {

    private static final int MAX_DETAIL_LENGTH = 160;

    private ProbeFailures() {
    }

    static String describe(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof HttpConnectTimeoutException) {
            return "connect timeout";
        }
        if (e instanceof HttpTimeoutException || e instanceof TimeoutException || e instanceof CancellationException) {
            return "timeout";
        }
        if (e instanceof UnknownHostException || e instanceof UnresolvedAddressException
                || e.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        if (e instanceof ConnectException) {
            return "connect refused";
        }
        if (e instanceof SSLHandshakeException) {
            return "TLS handshake failed";
        }
        if (e instanceof SSLException) {
            return "TLS error: " + detail(e);
        }
        if (e instanceof java.io.IOException) {
            return "I/O error: " + detail(e);
        }
        return "probe failed: " + e.getClass().getSimpleName();
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** JDK I/O messages name hosts and protocol states, never request headers, so they are safe to keep. */
    private static String detail(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replaceAll("\\s+", " ").strip();
        return message.length() <= MAX_DETAIL_LENGTH ? message : message.substring(0, MAX_DETAIL_LENGTH) + "...";
    }
}
