package io.llmrouter.forward;

import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Which upstream answers make the router try the next candidate: no connection, no headers in time,
 * 429 and 5xx. A 4xx other than 429 is the client's own mistake; another target would say the same,
 * so it is passed back as is.
 */
public final class FailoverCause {

    private FailoverCause() {
    }

    public static boolean failsOver(int status) {
        return status == 429 || status >= 500;
    }

    /** A short, log-safe description of why an attempt failed to get headers. */
    public static String describe(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof ConnectTimeoutException) {
            return "connect timeout";
        }
        if (cause instanceof ConnectionPoolTimeoutException) {
            return "no free connection in time";
        }
        if (cause instanceof SocketTimeoutException) {
            return "timeout before headers";
        }
        if (cause instanceof ConnectException) {
            return "connect refused";
        }
        if (cause instanceof javax.net.ssl.SSLException) {
            return "TLS failure: " + cause.getMessage();
        }
        if (cause instanceof NoHttpResponseException || cause instanceof SocketException) {
            return "connection closed";
        }
        if (cause instanceof IOException) {
            String message = cause.getMessage();
            return message == null ? "I/O error" : "I/O error: " + message.toLowerCase(Locale.ROOT);
        }
        return cause.getClass().getSimpleName();
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
