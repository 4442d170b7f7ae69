package io.llmrouter.testing.aws;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Creates a handler the way the Lambda runtime does: with its no-argument constructor, its settings
 * coming from outside (environment variables in Lambda, such as {@code ROUTER_CONFIG}; system
 * properties here, such as {@code router.config}, which Micronaut reads alike). Tests that only used
 * the constructor taking a context builder never ran the path every real container starts through.
 */
public final class LambdaRuntime {

    private LambdaRuntime() {
    }

    public static <H> H construct(Map<String, Object> settings, Supplier<H> noArgumentConstructor) {
        Map<String, String> before = new HashMap<>();
        settings.forEach((name, value) -> before.put(name, System.setProperty(name, String.valueOf(value))));
        try {
            return noArgumentConstructor.get();
        } finally {
            // The handler has read its settings; later tests in this JVM see the properties they had.
            before.forEach((name, old) -> {
                if (old == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, old);
                }
            });
        }
    }
}
