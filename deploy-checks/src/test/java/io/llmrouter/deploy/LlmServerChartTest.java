package io.llmrouter.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.llmrouter.deploy.Charts.Rendered;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** charts/llm-server, linted and rendered by real Helm, checked object by object. */
class LlmServerChartTest {

    private static final String NAMESPACE = "llm";
    private static Rendered defaults;

    @BeforeAll
    static void renderDefaults() {
        defaults = render(Map.of());
    }

    private static Rendered render(Map<String, Object> set) {
        return Charts.render(Charts.LLM_SERVER, NAMESPACE, List.of(), set);
    }

    private static JsonNode server(Rendered rendered) {
        return container(rendered.one("StatefulSet").path("spec").path("template").path("spec").path("containers"), "llama-server");
    }

    private static JsonNode container(JsonNode containers, String name) {
        for (JsonNode container : containers) {
            if (name.equals(container.path("name").asText())) {
                return container;
            }
        }
        throw new AssertionError("no container " + name + " in " + containers);
    }

    private static List<String> args(JsonNode container) {
        List<String> args = new ArrayList<>();
        container.path("args").forEach(arg -> args.add(arg.asText()));
        return args;
    }

    /** The value after a flag, e.g. valueOf(args, "-np"). */
    private static String valueOf(List<String> args, String flag) {
        int at = args.indexOf(flag);
        assertTrue(at >= 0 && at + 1 < args.size(), flag + " with a value in " + args);
        return args.get(at + 1);
    }

    @Test
    void lintsCleanEvenInStrictMode() {
        LintResult lint = Charts.lint(Charts.LLM_SERVER);
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
    }

    @Test
    void rendersTheServerAndEverythingAroundIt() {
        assertEquals(Set.of("StatefulSet", "Service", "Ingress", "HorizontalPodAutoscaler", "PodDisruptionBudget", "ServiceMonitor"),
                Set.copyOf(defaults.kinds()));
        assertEquals(6, defaults.objects().size());
    }

    @Test
    void serverRunsTheModelWithMetricsSlotsAndItsSlotAndThreadCounts() {
        List<String> args = args(server(defaults));
        assertTrue(args.contains("--metrics"), args.toString());
        assertTrue(args.contains("--slots"), args.toString());
        assertEquals("2", valueOf(args, "-np"));
        assertEquals("2", valueOf(args, "-t"));
        assertEquals("8192", valueOf(args, "-c"), "contextWindow 4096 for each of 2 slots");
        assertEquals("qwen2.5-0.5b-instruct", valueOf(args, "--alias"));
        assertEquals("/models/qwen2.5-0.5b-instruct-q4_k_m.gguf", valueOf(args, "--model"));
        assertEquals("8080", valueOf(args, "--port"));
    }

    @Test
    void theApiKeyComesFromTheSecretAndNeverFromTheCommandLine() {
        JsonNode server = server(defaults);
        JsonNode env = server.path("env").get(0);
        assertEquals("LLAMA_API_KEY", env.path("name").asText());
        assertEquals("llm-server-api-key", env.path("valueFrom").path("secretKeyRef").path("name").asText());
        assertEquals("api-key", env.path("valueFrom").path("secretKeyRef").path("key").asText());
        assertFalse(args(server).contains("--api-key"));

        JsonNode withoutKey = server(render(Map.of("apiKey.existingSecret", "")));
        assertTrue(withoutKey.path("env").isMissingNode(), "no key configured, no LLAMA_API_KEY");
    }

    @Test
    void everyImageIsPinnedAndTheServerIsTheOfficialCpuBuild() {
        String image = server(defaults).path("image").asText();
        assertTrue(image.matches("ghcr\\.io/ggml-org/llama\\.cpp:server-b\\d+"), image);
        JsonNode pod = defaults.one("StatefulSet").path("spec").path("template").path("spec");
        for (String list : List.of("initContainers", "containers")) {
            pod.path(list).forEach(container -> {
                String ref = container.path("image").asText();
                String tag = ref.substring(ref.lastIndexOf(':') + 1);
                assertTrue(ref.contains(":") && !tag.isBlank() && !tag.equals("latest") && !tag.equals("server"),
                        container.path("name").asText() + " runs an unpinned image " + ref);
            });
        }
    }

    @Test
    void theModelIsFetchedOnceIntoTheReplicasOwnVolume() {
        JsonNode statefulSet = defaults.one("StatefulSet");
        JsonNode claim = statefulSet.path("spec").path("volumeClaimTemplates").get(0);
        assertEquals("models", claim.path("metadata").path("name").asText());
        assertEquals("ReadWriteOnce", claim.path("spec").path("accessModes").get(0).asText());
        assertEquals("5Gi", claim.path("spec").path("resources").path("requests").path("storage").asText());

        JsonNode fetch = container(statefulSet.path("spec").path("template").path("spec").path("initContainers"), "fetch-model");
        Map<String, String> env = envOf(fetch);
        assertEquals("https://huggingface.co/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/main/qwen2.5-0.5b-instruct-q4_k_m.gguf", env.get("MODEL_URI"));
        assertEquals(valueOf(args(server(defaults)), "--model"), env.get("MODEL_PATH"), "the server loads what was fetched");
        String script = fetch.path("args").get(0).asText();
        assertTrue(script.indexOf("[ -s \"$MODEL_PATH\" ]") < script.indexOf("curl"), "a present model is not downloaded again");
        assertTrue(script.contains("mv \"$MODEL_PATH.partial\" \"$MODEL_PATH\""), "only a complete download gets the final name");

        assertEquals("/models", fetch.path("volumeMounts").get(0).path("mountPath").asText());
        JsonNode serverMount = server(defaults).path("volumeMounts").get(0);
        assertEquals("models", serverMount.path("name").asText());
        assertTrue(serverMount.path("readOnly").asBoolean(), "the server only reads the model");
    }

    private static Map<String, String> envOf(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(variable -> env.put(variable.path("name").asText(), variable.path("value").asText()));
        return env;
    }

    @Test
    void aModelThatCannotBeDownloadedIsRefusedAtRenderTime() {
        RuntimeException error = assertThrows(RuntimeException.class, () -> render(Map.of("model.uri", "generated:tiny")));
        assertTrue(error.getMessage().contains("model.uri must be an http(s) URL"), error.getMessage());
    }

    @Test
    void readinessLivenessAndStartupAskHealth() {
        JsonNode server = server(defaults);
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            assertEquals("/health", server.path(probe).path("httpGet").path("path").asText(), probe);
            assertEquals("http", server.path(probe).path("httpGet").path("port").asText(), probe);
        }
        assertEquals(60, server.path("startupProbe").path("failureThreshold").asInt(), "ten minutes to load a model");
    }

    @Test
    void theHpaScalesTheStatefulSetOnCpuAndOnQueueDepth() {
        JsonNode hpa = defaults.one("HorizontalPodAutoscaler");
        JsonNode statefulSet = defaults.one("StatefulSet");
        assertEquals("StatefulSet", hpa.path("spec").path("scaleTargetRef").path("kind").asText());
        assertEquals(statefulSet.path("metadata").path("name"), hpa.path("spec").path("scaleTargetRef").path("name"));
        assertTrue(statefulSet.path("spec").path("replicas").isMissingNode(), "the HPA owns the replica count");

        JsonNode metrics = hpa.path("spec").path("metrics");
        assertEquals(2, metrics.size());
        assertEquals("cpu", metrics.get(0).path("resource").path("name").asText());
        assertEquals(70, metrics.get(0).path("resource").path("target").path("averageUtilization").asInt());
        assertEquals("Pods", metrics.get(1).path("type").asText());
        assertEquals("llamacpp_requests_deferred", metrics.get(1).path("pods").path("metric").path("name").asText());
        assertEquals("1", metrics.get(1).path("pods").path("target").path("averageValue").asText());

        JsonNode requests = server(defaults).path("resources").path("requests");
        assertEquals("2", requests.path("cpu").asText(), "CPU utilization needs a CPU request");
    }

    @Test
    void withoutAutoscalingTheReplicaCountIsFixed() {
        Rendered fixed = render(Map.of("autoscaling.enabled", false));
        assertTrue(fixed.ofKind("HorizontalPodAutoscaler").isEmpty());
        assertEquals(1, fixed.one("StatefulSet").path("spec").path("replicas").asInt());
    }

    @Test
    void theDisruptionBudgetCoversTheServerPods() {
        JsonNode pdb = defaults.one("PodDisruptionBudget");
        assertEquals(1, pdb.path("spec").path("maxUnavailable").asInt());
        assertSelects(pdb.path("spec").path("selector").path("matchLabels"), podLabels());
    }

    private static JsonNode podLabels() {
        return defaults.one("StatefulSet").path("spec").path("template").path("metadata").path("labels");
    }

    private static void assertSelects(JsonNode selector, JsonNode labels) {
        assertTrue(selector.size() > 0, "empty selector");
        selector.properties().forEach(entry -> assertEquals(entry.getValue(), labels.path(entry.getKey()), entry.getKey()));
    }

    @Test
    void prometheusScrapesMetricsWithTheApiKey() {
        JsonNode monitor = defaults.one("ServiceMonitor");
        assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
        assertSelects(monitor.path("spec").path("selector").path("matchLabels"), defaults.one("Service").path("metadata").path("labels"));
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("http", endpoint.path("port").asText());
        assertEquals("/metrics", endpoint.path("path").asText());
        assertEquals("Bearer", endpoint.path("authorization").path("type").asText());
        assertEquals("llm-server-api-key", endpoint.path("authorization").path("credentials").path("name").asText());

        JsonNode service = defaults.one("Service");
        assertSelects(service.path("spec").path("selector"), podLabels());
        assertEquals("http", service.path("spec").path("ports").get(0).path("name").asText());
    }

    @Test
    void theIngressServesHttpsWithACertManagerCertificate() {
        JsonNode ingress = defaults.one("Ingress");
        JsonNode tls = ingress.path("spec").path("tls").get(0);
        assertEquals("llm.example.com", tls.path("hosts").get(0).asText());
        assertEquals("llm-server-tls", tls.path("secretName").asText());
        assertEquals("llm.example.com", ingress.path("spec").path("rules").get(0).path("host").asText());
        JsonNode annotations = ingress.path("metadata").path("annotations");
        assertEquals("letsencrypt", annotations.path("cert-manager.io/cluster-issuer").asText());
        assertEquals("off", annotations.path("nginx.ingress.kubernetes.io/proxy-buffering").asText(), "tokens stream through");
        assertTrue(annotations.path("nginx.ingress.kubernetes.io/auth-tls-verify-client").isMissingNode(),
                "no client certificate unless asked for");
        JsonNode backend = ingress.path("spec").path("rules").get(0).path("http").path("paths").get(0).path("backend").path("service");
        assertEquals(defaults.one("Service").path("metadata").path("name"), backend.path("name"));
        assertEquals("http", backend.path("port").path("name").asText());
    }

    @Test
    void clientCertificatesAreVerifiedAgainstTheCaSecretWhenEnabled() {
        JsonNode annotations = render(Map.of("ingress.clientCertificate.enabled", true))
                .one("Ingress").path("metadata").path("annotations");
        assertEquals("on", annotations.path("nginx.ingress.kubernetes.io/auth-tls-verify-client").asText());
        assertEquals(NAMESPACE + "/llm-router-client-ca", annotations.path("nginx.ingress.kubernetes.io/auth-tls-secret").asText());
        assertEquals("1", annotations.path("nginx.ingress.kubernetes.io/auth-tls-verify-depth").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws", "gcp", "azure"})
    void eachCloudsValuesRender(String cloud) {
        Rendered rendered = Charts.render(Charts.LLM_SERVER, NAMESPACE, List.of("values.yaml", "values-" + cloud + ".yaml"), Map.of());
        assertEquals(6, rendered.objects().size(), rendered.kinds().toString());
        JsonNode ingress = rendered.one("Ingress");
        assertEquals(cloud + ".llm.example.com", ingress.path("spec").path("tls").get(0).path("hosts").get(0).asText());
        String storageClass = rendered.one("StatefulSet").path("spec").path("volumeClaimTemplates").get(0)
                .path("spec").path("storageClassName").asText();
        assertEquals(Map.of("aws", "gp3", "gcp", "standard-rwo", "azure", "managed-csi").get(cloud), storageClass);
    }

    /** The chart cannot read models/ (outside the chart), so each values file copies an entry: it must not drift. */
    @ParameterizedTest
    @ValueSource(strings = {"values.yaml", "values-aws.yaml", "values-gcp.yaml", "values-azure.yaml"})
    void theServedModelMatchesItsMetadataInModels(String valuesFile) {
        Rendered rendered = Charts.render(Charts.LLM_SERVER, NAMESPACE, List.of("values.yaml", valuesFile), Map.of());
        JsonNode server = server(rendered);
        List<String> args = args(server);
        String name = valueOf(args, "--alias");
        JsonNode metadata = Repository.readYaml(Repository.file("models/" + name + ".yaml"));
        assertEquals(name, metadata.path("name").asText(), "models/" + name + ".yaml");

        JsonNode fetch = container(rendered.one("StatefulSet").path("spec").path("template").path("spec").path("initContainers"), "fetch-model");
        assertEquals(metadata.path("gguf").path("uri").asText(), envOf(fetch).get("MODEL_URI"), "gguf.uri");
        int slots = Integer.parseInt(valueOf(args, "-np"));
        assertEquals(metadata.path("contextWindow").asInt() * slots, Integer.parseInt(valueOf(args, "-c")), "contextWindow per slot");
        assertEquals(metadata.path("memory").path("requestMiB").asText() + "Mi", server.path("resources").path("requests").path("memory").asText());
        assertEquals(metadata.path("memory").path("limitMiB").asText() + "Mi", server.path("resources").path("limits").path("memory").asText());
    }

    @Test
    void gcpVerifiesTheRoutersClientCertificateInsteadOfAnApiKey() {
        Rendered gcp = Charts.render(Charts.LLM_SERVER, NAMESPACE, List.of("values.yaml", "values-gcp.yaml"), Map.of());
        assertEquals("on", gcp.one("Ingress").path("metadata").path("annotations").path("nginx.ingress.kubernetes.io/auth-tls-verify-client").asText());
        assertTrue(server(gcp).path("env").isMissingNode());
        assertTrue(gcp.one("ServiceMonitor").path("spec").path("endpoints").get(0).path("authorization").isMissingNode());
    }
}
