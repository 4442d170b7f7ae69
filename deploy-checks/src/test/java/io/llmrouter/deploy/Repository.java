package io.llmrouter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Files of this repository that the checks read where they live: charts, cluster manifests, model metadata. */
final class Repository {

    static final YAMLMapper YAML = new YAMLMapper();

    private Repository() {
    }

    /** Surefire passes the root; from an IDE the working directory is deploy-checks/. */
    static Path root() {
        return Path.of(System.getProperty("llmrouter.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
