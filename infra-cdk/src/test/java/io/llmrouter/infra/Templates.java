package io.llmrouter.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cloudformation.include.CfnInclude;

import java.util.HashMap;
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
     * Sub variable or condition names nothing the template defines.
     */
    static synchronized Template sam() {
        if (sam == null) {
            sam = include(Repository.file("template.yaml").toString());
        }
        return sam;
    }

    static Template include(String templateFile) {
        Stack stack = new Stack(new App(), "SamTemplate");
        CfnInclude.Builder.create(stack, "Template").templateFile(templateFile).build();
        return Template.fromStack(stack);
    }

    static JsonNode json(Template template) {
        return JSON.valueToTree(template.toJSON());
    }
}
