package io.llmrouter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.llmrouter.deploy.Charts.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * charts/platform. Its dependencies (ingress-nginx, cert-manager, kube-prometheus-stack, prometheus-adapter)
 * cannot be downloaded here, so their declaration and values are checked as data, and the chart's own
 * templates are rendered from a copy without the dependencies.
 */
class PlatformChartTest {

    private static final JsonNode CHART = Repository.readYaml(Charts.PLATFORM.resolve("Chart.yaml"));
    private static final JsonNode VALUES = Repository.readYaml(Charts.PLATFORM.resolve("values.yaml"));
    private static final JsonNode LLM_SERVER_VALUES = Repository.readYaml(Charts.LLM_SERVER.resolve("values.yaml"));

    @Test
    void dependenciesArePinnedFetchedOverHttpsAndEachCanBeSwitchedOff() {
        JsonNode dependencies = CHART.path("dependencies");
        assertEquals(List.of("ingress-nginx", "cert-manager", "kube-prometheus-stack", "prometheus-adapter"),
                dependencies.findValuesAsText("name"));
        for (JsonNode dependency : dependencies) {
            String name = dependency.path("name").asText();
            assertTrue(dependency.path("version").asText().matches("v?\\d+\\.\\d+\\.\\d+"),
                    name + " must be an exact version, got " + dependency.path("version"));
            assertTrue(dependency.path("repository").asText().startsWith("https://"), name);
            assertEquals(name + ".enabled", dependency.path("condition").asText(), name);
            assertTrue(VALUES.path(name).path("enabled").isBoolean(), name + ".enabled missing from values.yaml");
            assertTrue(VALUES.path(name).path("enabled").asBoolean(), name + " is on by default");
        }
    }

    @Test
    void theRealChartLintsWithOnlyTheUndownloadedDependenciesToWarnAbout() {
        LintResult lint = new Helm(Charts.PLATFORM).lint().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
        for (String message : lint.getMessages()) {
            if (message.startsWith("[WARNING]") || message.startsWith("[ERROR]")) {
                assertTrue(message.contains("missing these dependencies"), message);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void ownTemplatesRenderTheLetsEncryptIssuerForEachCloud(String cloud, @TempDir Path dir) {
        Path chart = Charts.withoutDependencies(Charts.PLATFORM, dir);
        LintResult lint = Charts.lint(chart);
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));

        Rendered rendered = Charts.render(chart, "platform", List.of("values.yaml", "values-" + cloud + ".yaml"), Map.of());
        JsonNode issuer = rendered.one("ClusterIssuer");
        assertEquals(1, rendered.objects().size());
        assertEquals("cert-manager.io/v1", issuer.path("apiVersion").asText());
        JsonNode acme = issuer.path("spec").path("acme");
        assertEquals("https://acme-v02.api.letsencrypt.org/directory", acme.path("server").asText());
        assertEquals("ops@example.com", acme.path("email").asText());
        assertEquals("nginx", acme.path("solvers").get(0).path("http01").path("ingress").path("ingressClassName").asText());
        assertEquals("SkipDryRunOnMissingResource=true",
                issuer.path("metadata").path("annotations").path("argocd.argoproj.io/sync-options").asText(),
                "the CRD arrives in the same sync");
    }

    @Test
    void llmServerUsesTheIssuerAndIngressClassThePlatformProvides() {
        assertEquals(VALUES.path("clusterIssuer").path("name").asText(),
                LLM_SERVER_VALUES.path("ingress").path("tls").path("clusterIssuer").asText());
        String ingressClass = VALUES.path("ingress-nginx").path("controller").path("ingressClassResource").path("name").asText();
        assertEquals(ingressClass, LLM_SERVER_VALUES.path("ingress").path("className").asText());
        assertEquals(ingressClass, VALUES.path("clusterIssuer").path("ingressClassName").asText());
    }

    /** The adapter rule, applied as prometheus-adapter applies it, yields the metric the llm-server HPA asks for. */
    @Test
    void theAdapterServesQueueDepthUnderTheNameTheHpaAsksFor() {
        JsonNode rule = VALUES.path("prometheus-adapter").path("rules").path("custom").get(0);
        Matcher series = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{").matcher(rule.path("seriesQuery").asText());
        assertTrue(series.find(), rule.path("seriesQuery").asText());
        assertEquals("llamacpp:requests_deferred", series.group(1), "llama-server's own metric name");

        Matcher rename = Pattern.compile(rule.path("name").path("matches").asText()).matcher(series.group(1));
        assertTrue(rename.matches());
        String served = rename.replaceFirst(rule.path("name").path("as").asText().replace("${1}", "$1"));
        assertEquals(LLM_SERVER_VALUES.path("autoscaling").path("queueDepth").path("metricName").asText(), served);

        JsonNode overrides = rule.path("resources").path("overrides");
        assertEquals("pod", overrides.path("pod").path("resource").asText(), "a Pods metric needs the pod label");
        assertEquals("namespace", overrides.path("namespace").path("resource").asText());
    }

    @Test
    void prometheusPicksUpServiceMonitorsOfOtherReleases() {
        JsonNode spec = VALUES.path("kube-prometheus-stack").path("prometheus").path("prometheusSpec");
        assertFalse(spec.path("serviceMonitorSelectorNilUsesHelmValues").asBoolean(true),
                "else only the platform release's own ServiceMonitors are scraped, not llm-server's");
    }
}
