package io.llmrouter.testing.llama;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the rig launches each {@code llama-server}: everything but the port.
 *
 * @param apiKeyFile file holding {@code apiKey}, passed as {@code --api-key-file}
 */
record LlamaServerSettings(Path binary, Path model, String alias, int slots, int contextSize, int threads,
                           Optional<String> apiKey, Optional<Path> apiKeyFile, Duration startupTimeout,
                           List<String> extraArguments) {

    LlamaServerSettings {
        extraArguments = List.copyOf(extraArguments);
    }

    /** Never shows the API key. */
    @Override
    public String toString() {
        return "LlamaServerSettings[model=" + model + ", alias=" + alias + ", slots=" + slots
                + ", contextSize=" + contextSize + ", threads=" + threads
                + ", apiKey=" + (apiKey.isPresent() ? "(set)" : "(none)") + ", extraArguments=" + extraArguments + "]";
    }
}
