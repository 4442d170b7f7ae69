package io.llmrouter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cloudformation.include.CfnInclude;
import software.amazon.awscdk.services.sam.CfnFunction;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The two descriptions of the stack under test: the CDK app's synthesized template and template.yaml. */
final class Templates {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Template sam;

    private Templates() {
    }

    /** Synthesizes LlmRouterStack from the built function zips, with extra context on top. */
    static Template cdk(Map<String, Object> extraContext) {
        return Template.fromStack(cdkStack(extraContext));
    }

    /** LlmRouterStack built from the built function zips, with extra context on top; for its annotations. */
    static LlmRouterStack cdkStack(Map<String, Object> extraContext) {
        Map<String, Object> context = new HashMap<>();
        // The defaults are relative to infra-cdk/; resolved here so that any working directory works.
        context.put("routeZip", fromModule(DeploymentSettings.DEFAULT_ROUTE_ZIP));
        context.put("healthPollerZip", fromModule(DeploymentSettings.DEFAULT_HEALTH_POLLER_ZIP));
        context.put("costRefreshZip", fromModule(DeploymentSettings.DEFAULT_COST_REFRESH_ZIP));
        context.put("batchRunnerZip", fromModule(DeploymentSettings.DEFAULT_BATCH_RUNNER_ZIP));
        // The assets are hashed but not copied into a cloud assembly per synth (~30 MB per zip); `cdk synth` stages them.
        context.put("aws:cdk:disable-asset-staging", true);
        context.putAll(extraContext);
        App app = App.Builder.create().context(context).build();
        return new LlmRouterStack(app, "LlmRouterTest", StackProps.builder().build(),
                DeploymentSettings.fromContext(app.getNode()));
    }

    private static String fromModule(String relative) {
        return Repository.file("infra-cdk").resolve(relative).normalize().toString();
    }

    static Template cdk() {
        return cdk(Map.of());
    }

    /**
     * template.yaml as CloudFormation reads it before the SAM transform. Loading fails when a Ref, GetAtt,
     * Sub variable or condition names nothing the template or the transform defines.
     */
    static synchronized Template sam() {
        if (sam == null) {
            sam = include(Repository.file("template.yaml").toString());
        }
        return sam;
    }

    /** The type of the placeholders that stand for what the SAM transform generates; see {@link #samGenerated}. */
    static final String SAM_GENERATED = "LlmRouterTest::SamGenerated";

    static Template include(String templateFile) {
        try {
            String text = Files.readString(Path.of(templateFile));
            JsonNode resources = new YAMLMapper().readTree(text).path("Resources");
            StringBuilder placeholders = new StringBuilder();
            samGenerated(resources).forEach((id, from) -> placeholders.append("  ").append(id).append(":\n    Type: ")
                    .append(SAM_GENERATED).append("\n    Metadata: { From: '").append(from).append("' }\n"));
            if (!text.contains("\nResources:\n")) {
                throw new IllegalArgumentException(templateFile + " has no Resources section");
            }
            Path withPlaceholders = Files.createTempFile("template", ".yaml");
            try {
                Files.writeString(withPlaceholders, text.replace("\nResources:\n", "\nResources:\n" + placeholders));
                Stack stack = new Stack(new App(), "SamTemplate");
                CfnInclude included = CfnInclude.Builder.create(stack, "Template").templateFile(withPlaceholders.toString()).build();
                untypedUrlConfig(included, resources);
                return Template.fromStack(stack);
            } finally {
                Files.delete(withPlaceholders);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The logical ids the SAM transform gives the resources it derives from a function's properties, as SAM documents
     * them, which the template may name in a Ref or GetAtt: the alias of AutoPublishAlias ({@code <id>Alias<name>})
     * and the URL of FunctionUrlConfig ({@code <id>Url}). Id to the property it comes from.
     */
    private static Map<String, String> samGenerated(JsonNode resources) {
        Map<String, String> generated = new LinkedHashMap<>();
        // Read without the tags (!Ref and the like): only keys and plain values are used.
        resources.properties().forEach(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if (!resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                return;
            }
            String id = resource.getKey();
            if (properties.has("AutoPublishAlias")) {
                generated.put(id + "Alias" + properties.path("AutoPublishAlias").asText(), id + ".AutoPublishAlias");
            }
            if (properties.has("FunctionUrlConfig")) {
                generated.put(id + "Url", id + ".FunctionUrlConfig");
            }
        });
        return generated;
    }

    /**
     * The CDK's AWS::Serverless::Function types FunctionUrlConfig.Cors as an API's CorsConfiguration (one AllowOrigin
     * string), so it refuses the Lambda URL's Cors (AllowOrigins, a list), which SAM passes to AWS::Lambda::Url as is.
     * A FunctionUrlConfig with a Cors is therefore written untyped, as the template has it (plain values only: no
     * intrinsic is read back); everything else keeps the CDK's checks.
     */
    private static void untypedUrlConfig(CfnInclude included, JsonNode resources) {
        resources.properties().forEach(resource -> {
            JsonNode config = resource.getValue().path("Properties").path("FunctionUrlConfig");
            if (!config.path("Cors").isObject() || !resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                return;
            }
            CfnFunction function = (CfnFunction) included.getResource(resource.getKey());
            function.setFunctionUrlConfig((CfnFunction.FunctionUrlConfigProperty) null);
            function.addPropertyOverride("FunctionUrlConfig", JSON.convertValue(config, Map.class));
        });
    }

    static JsonNode json(Template template) {
        return JSON.valueToTree(template.toJSON());
    }
}
