package io.llmrouter.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The model metadata of {@code models/}: read from a directory, or from the copy bundled on the
 * classpath (the build puts the repository's {@code models/*.yaml} under {@code models/} in the
 * core library's jar, so the functions carry it to Lambda).
 */
public final class ModelCatalog {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private final Map<String, ModelMetadata> models;

    public ModelCatalog(Map<String, ModelMetadata> models) {
        this.models = Map.copyOf(models);
    }

    public static ModelCatalog empty() {
        return new ModelCatalog(Map.of());
    }

    public Optional<ModelMetadata> model(String name) {
        return Optional.ofNullable(models.get(name));
    }

    public Map<String, ModelMetadata> all() {
        return models;
    }

    /** The expected tokens/s of the first of {@code modelNames} that has a figure for {@code instanceType}. */
    public Optional<Double> expectedTokensPerSecond(List<String> modelNames, String instanceType) {
        for (String name : modelNames) {
            Optional<Double> tps = model(name).flatMap(m -> m.expectedTokensPerSecond(instanceType));
            if (tps.isPresent()) {
                return tps;
            }
        }
        return Optional.empty();
    }

    public static ModelCatalog fromDirectory(Path dir) {
        Map<String, ModelMetadata> models = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(ModelCatalog::isYaml).sorted().toList()) {
                ModelMetadata model = parse(file);
                models.put(model.name(), model);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model metadata in " + dir, e);
        }
        return new ModelCatalog(models);
    }

    /** The catalog bundled on the classpath under {@code models/}; empty when none is bundled. */
    public static ModelCatalog fromClasspath() {
        URL marker = ModelCatalog.class.getClassLoader().getResource("models/README.md");
        if (marker == null) {
            return empty();
        }
        try {
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                }
                return fromDirectory(fs.getPath("/models"));
            }
            return fromDirectory(Path.of(uri).getParent());
        } catch (URISyntaxException | IOException e) {
            throw new IllegalStateException("cannot read the bundled model metadata at " + marker, e);
        }
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    private static ModelMetadata parse(Path file) {
        try {
            JsonNode root = YAML.readTree(Files.readString(file));
            String name = root.path("name").asText(null);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(file + ": 'name' is required");
            }
            Map<String, Double> tps = new HashMap<>();
            root.path("expectedTokensPerSecond").fields().forEachRemaining(e -> {
                if (!e.getValue().isNumber() || e.getValue().asDouble() <= 0) {
                    throw new IllegalArgumentException(file + ": expectedTokensPerSecond." + e.getKey()
                            + " must be a positive number, got " + e.getValue());
                }
                tps.put(e.getKey(), e.getValue().asDouble());
            });
            JsonNode ctx = root.path("contextWindow");
            return new ModelMetadata(name, root.path("gguf").path("uri").asText(null),
                    root.path("gguf").path("quantization").asText(null),
                    ctx.isInt() ? ctx.asInt() : null, tps);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
