package io.llmrouter.testing.llama;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on 127.0.0.1, chosen by the kernel. A port is free when chosen; another process can
 * still take it before the server binds, which {@link LlamaServer} detects and retries.
 */
final class LoopbackPorts {

    int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }
}
