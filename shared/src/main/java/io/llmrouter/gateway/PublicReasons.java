package io.llmrouter.gateway;

import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.RouterConfig;

import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The router's reasons as a client may read them. A health record's reason can quote the JDK's I/O message,
 * which names the cluster's host and port; a client of the playground learns that a cluster is down, never
 * where it lives. Every URL, and every configured endpoint's host (with or without its port), becomes
 * {@code <endpoint>}.
 */
final class PublicReasons {

    static final String HIDDEN = "<endpoint>";
    private static final Pattern URL = Pattern.compile("\\b[a-zA-Z][a-zA-Z0-9+.-]*://\\S+");

    private final List<String> hosts;

    private PublicReasons(List<String> hosts) {
        // Longest first, so that host:port goes before the host alone.
        this.hosts = hosts.stream().distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    static PublicReasons of(RouterConfig config) {
        List<String> hosts = new ArrayList<>();
        for (ClusterConfig cluster : config.clusters()) {
            URI endpoint = cluster.endpoint();
            if (endpoint != null && endpoint.getHost() != null) {
                if (endpoint.getPort() >= 0) {
                    hosts.add(endpoint.getHost() + ":" + endpoint.getPort());
                }
                hosts.add(endpoint.getHost());
            }
        }
        return new PublicReasons(hosts);
    }

    String redact(String reason) {
        if (reason == null) {
            return null;
        }
        String text = URL.matcher(reason).replaceAll(HIDDEN);
        for (String host : hosts) {
            text = text.replace(host, HIDDEN);
        }
        return text;
    }
}
