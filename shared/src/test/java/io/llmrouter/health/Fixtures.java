package io.llmrouter.health;

import io.llmrouter.testing.llama.LoopbackLlamaServer;

/**
 * The llama-server fixtures: the testkit's {@code llama-server/} resources, which its loopback
 * llama-server answers with (provenance in their README.md).
 */
public final class Fixtures {

    private Fixtures() {
    }

    public static String llamaServer(String name) {
        return LoopbackLlamaServer.fixture(name);
    }
}
