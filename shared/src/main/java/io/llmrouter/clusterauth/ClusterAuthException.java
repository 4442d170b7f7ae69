package io.llmrouter.clusterauth;

/**
 * A cluster's authentication settings cannot be used: a missing secret, an unreadable or malformed PEM file.
 * Messages name the setting or file, never a secret's value.
 */
public class ClusterAuthException extends IllegalArgumentException {

    public ClusterAuthException(String message) {
        super(message);
    }

    public ClusterAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
