package io.llmrouter.infra;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app behind {@code cdk synth} / {@code cdk deploy} (see cdk.json): one llm-router stack, named by
 * the {@code stackName} context value (default {@code llm-router}), in the account and region of the
 * caller's AWS credentials when deploying.
 */
public final class LlmRouterApp {

    private LlmRouterApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Object stackName = app.getNode().tryGetContext("stackName");
        DeploymentSettings settings = DeploymentSettings.fromContext(app.getNode());
        new LlmRouterStack(app, stackName == null ? "llm-router" : stackName.toString(),
                StackProps.builder()
                        .description("llm-router: cost-aware LLM router (route API, health and cost pollers, routing state)")
                        // Unresolved (environment-agnostic) when no credentials are configured, so synth works offline.
                        .env(Environment.builder()
                                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                                .region(System.getenv("CDK_DEFAULT_REGION"))
                                .build())
                        .build(),
                settings);
        app.synth();
    }
}
