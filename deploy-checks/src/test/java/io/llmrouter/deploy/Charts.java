package io.llmrouter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Real Helm (helm-java's native library) on the repository's charts, with the output parsed into objects. */
final class Charts {

    static final Path LLM_SERVER = Repository.file("charts/llm-server");
    static final Path PLATFORM = Repository.file("charts/platform");

    private Charts() {
    }

    /** {@code helm template} of the chart with values files (relative to the chart) and --set values. */
    static Rendered render(Path chart, String namespace, List<String> valueFiles, Map<String, Object> set) {
        var command = new Helm(chart).template().withName(chart.getFileName().toString()).withNamespace(namespace);
        valueFiles.forEach(file -> command.withValuesFile(chart.resolve(file)));
        set.forEach(command::set);
        return Rendered.parse(command.call());
    }

    static LintResult lint(Path chart) {
        return new Helm(chart).lint().strict().call();
    }

    /**
     * A copy of the chart without its dependencies. Helm refuses to template a chart whose dependencies are
     * not downloaded, and they cannot be here; the copy renders the chart's own templates.
     */
    static Path withoutDependencies(Path chart, Path into) {
        Path copy = into.resolve(chart.getFileName());
        try (Stream<Path> files = Files.walk(chart)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(chart.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
            ObjectNode metadata = (ObjectNode) Repository.readYaml(chart.resolve("Chart.yaml"));
            metadata.remove("dependencies");
            Repository.YAML.writeValue(copy.resolve("Chart.yaml").toFile(), metadata);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return copy;
    }

    /** The Kubernetes objects of one rendering. */
    record Rendered(List<JsonNode> objects) {

        static Rendered parse(String manifests) {
            List<JsonNode> objects = new ArrayList<>();
            try (var documents = Repository.YAML.readerFor(JsonNode.class).<JsonNode>readValues(manifests)) {
                while (documents.hasNext()) {
                    JsonNode document = documents.next();
                    if (document != null && !document.isNull() && !document.isMissingNode()) {
                        objects.add(document);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("helm template printed YAML that does not parse", e);
            }
            return new Rendered(List.copyOf(objects));
        }

        List<JsonNode> ofKind(String kind) {
            return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
        }

        /** The single object of the kind; fails when there is none or several. */
        JsonNode one(String kind) {
            List<JsonNode> found = ofKind(kind);
            if (found.size() != 1) {
                throw new AssertionError("expected one " + kind + ", rendered " + found.size() + " among " + kinds());
            }
            return found.getFirst();
        }

        List<String> kinds() {
            return objects.stream().map(o -> o.path("kind").asText()).toList();
        }
    }
}
