package io.llmrouter.forward;

import org.apache.http.NoHttpResponseException;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Locale;

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
    public static String describe(IOException cause) {
        // Before ConnectTimeoutException, which it extends.
        if (cause instanceof ConnectionPoolTimeoutException) {
            return "no free connection in time";
        }
        if (cause instanceof ConnectTimeoutException) {
            return "connect timeout";
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
        String message = cause.getMessage();
        return message == null ? "I/O error" : "I/O error: " + message.toLowerCase(Locale.ROOT);
    }
}
