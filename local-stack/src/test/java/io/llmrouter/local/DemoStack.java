package io.llmrouter.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The demo stack as the tests that drive it over HTTP start it: the default config on a free port, the
 * health-poller every 500 ms and cost-refresh every 5 s, so that a stopped server shows within a second.
 */
final class DemoStack {

    private DemoStack() {
    }

    static LocalDeployment start(Path work) throws Exception {
        return LocalDeployment.start(null, work).serve(0, Duration.ofMillis(500), Duration.ofSeconds(5));
    }

    /** Where the stack's front door listens. */
    static URI base(LocalDeployment stack) {
        return URI.create("http://127.0.0.1:" + stack.port());
    }
}
