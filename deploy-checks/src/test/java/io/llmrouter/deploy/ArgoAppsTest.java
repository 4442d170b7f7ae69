package io.llmrouter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.deploy.Charts.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * clusters/&lt;cloud&gt;/: the Argo CD app-of-apps. Every Application must point at something that exists in
 * this repository, and what Argo CD would render from it must render.
 */
class ArgoAppsTest {

    private static final Path CLUSTERS = Repository.file("clusters");

    private static JsonNode root(String cloud) {
        return Repository.readYaml(CLUSTERS.resolve(cloud).resolve("root.yaml"));
    }

    /** The child Applications of a cloud, by the chart path they install. */
    private static Map<String, JsonNode> children(String cloud) throws IOException {
        Map<String, JsonNode> byChart = new HashMap<>();
        try (Stream<Path> files = Files.list(CLUSTERS.resolve(cloud).resolve("apps"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode app = Repository.readYaml(file);
                byChart.put(app.path("spec").path("source").path("path").asText(), app);
            }
        }
        return byChart;
    }

    private static void assertIsApplication(JsonNode app, String where) {
        assertEquals("argoproj.io/v1alpha1", app.path("apiVersion").asText(), where);
        assertEquals("Application", app.path("kind").asText(), where);
        assertEquals("argocd", app.path("metadata").path("namespace").asText(), where + ": Applications live in Argo CD's namespace");
        JsonNode spec = app.path("spec");
        assertFalse(spec.path("project").asText().isBlank(), where + ": project");
        assertFalse(spec.path("source").path("repoURL").asText().isBlank(), where + ": repoURL");
        assertFalse(spec.path("source").path("targetRevision").asText().isBlank(), where + ": targetRevision");
        assertFalse(spec.path("destination").path("server").asText().isBlank(), where + ": destination server");
        assertFalse(spec.path("destination").path("namespace").asText().isBlank(), where + ": destination namespace");
        assertTrue(spec.path("syncPolicy").path("automated").path("prune").asBoolean(), where + ": automated sync with prune");
        assertTrue(spec.path("syncPolicy").path("automated").path("selfHeal").asBoolean(), where + ": self-heal");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void theRootApplicationOwnsItsCloudsAppsDirectory(String cloud) {
        JsonNode root = root(cloud);
        assertIsApplication(root, cloud + "/root.yaml");
        String path = root.path("spec").path("source").path("path").asText();
        assertEquals("clusters/" + cloud + "/apps", path);
        assertTrue(Files.isDirectory(Repository.file(path)), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void childrenInstallThePlatformThenLlmServerWithTheCloudsValues(String cloud) throws IOException {
        Map<String, JsonNode> children = children(cloud);
        assertEquals(Set.of("charts/platform", "charts/llm-server"), children.keySet());
        children.forEach((chartPath, app) -> {
            String where = cloud + " " + chartPath;
            assertIsApplication(app, where);
            Path chart = Repository.file(chartPath);
            assertTrue(Files.isRegularFile(chart.resolve("Chart.yaml")), where + ": no chart there");
            List<String> valueFiles = valueFiles(app);
            valueFiles.forEach(file -> assertTrue(Files.isRegularFile(chart.resolve(file)), where + ": no values file " + file));
            assertEquals("values-" + cloud + ".yaml", valueFiles.getLast(), where + ": the cloud's own values come last");
            assertTrue(app.path("spec").path("syncPolicy").path("syncOptions").toString().contains("CreateNamespace=true"), where);
        });
        assertTrue(syncWave(children.get("charts/platform")) < syncWave(children.get("charts/llm-server")),
                "llm-server needs the platform's CRDs (ServiceMonitor) and issuer first");
    }

    private static List<String> valueFiles(JsonNode app) {
        List<String> files = new ArrayList<>();
        app.path("spec").path("source").path("helm").path("valueFiles").forEach(file -> files.add(file.asText()));
        return files;
    }

    private static int syncWave(JsonNode app) {
        return Integer.parseInt(app.path("metadata").path("annotations").path("argocd.argoproj.io/sync-wave").asText("0"));
    }

    /** helm template as Argo CD runs it: the app's release name, namespace and values files. */
    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void whatArgoCdWouldRenderRenders(String cloud, @TempDir Path dir) throws IOException {
        for (JsonNode app : children(cloud).values()) {
            JsonNode spec = app.path("spec");
            Path chart = Repository.file(spec.path("source").path("path").asText());
            if (Repository.readYaml(chart.resolve("Chart.yaml")).has("dependencies")) {
                chart = Charts.withoutDependencies(chart, dir);
            }
            Rendered rendered = Charts.render(chart, spec.path("destination").path("namespace").asText(), valueFiles(app), Map.of());
            assertFalse(rendered.objects().isEmpty(), cloud + " " + chart.getFileName() + " rendered nothing");
        }
    }

    @Test
    void everyApplicationTracksOneRepositoryAndRevision() throws IOException {
        Set<String> sources = new TreeSet<>();
        try (Stream<Path> files = Files.walk(CLUSTERS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                JsonNode source = Repository.readYaml(file).path("spec").path("source");
                sources.add(source.path("repoURL").asText() + " @ " + source.path("targetRevision").asText());
            }
        }
        assertEquals(1, sources.size(), "replace repoURL / targetRevision everywhere at once: " + sources);
    }

    /** prometheus-adapter reaches Prometheus by service DNS name, which depends on where Argo CD puts the platform. */
    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void theAdapterQueriesThePrometheusOfThePlatformRelease(String cloud) throws IOException {
        String namespace = children(cloud).get("charts/platform").path("spec").path("destination").path("namespace").asText();
        JsonNode values = Repository.readYaml(Charts.PLATFORM.resolve("values.yaml"));
        String prometheus = values.path("kube-prometheus-stack").path("fullnameOverride").asText() + "-prometheus";
        assertEquals("http://" + prometheus + "." + namespace + ".svc",
                values.path("prometheus-adapter").path("prometheus").path("url").asText());
    }

    @Test
    void everyCloudHasItsTree() throws IOException {
        try (Stream<Path> clouds = Files.list(CLUSTERS)) {
            assertEquals(Set.of("aws", "gcp", "azure"),
                    clouds.map(path -> path.getFileName().toString()).collect(Collectors.toSet()));
        }
    }
}
