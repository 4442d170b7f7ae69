package io.llmrouter.config;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems found while reading a configuration, so that one error can list them all. */
final class Problems {

    private final List<String> messages = new ArrayList<>();

    void add(String path, String reason) {
        messages.add(path + ": " + reason);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    List<String> list() {
        return List.copyOf(messages);
    }
}
