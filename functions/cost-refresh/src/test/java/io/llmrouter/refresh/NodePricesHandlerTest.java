package io.llmrouter.refresh;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.state.CostRecord;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.HealthRecord;
import io.llmrouter.state.StateTable;
import io.llmrouter.testing.DynamoDbLocal;
import io.llmrouter.testing.aws.AwsSecretStoresStub;
import io.llmrouter.testing.aws.StdoutCapture;
import io.llmrouter.testing.aws.TestLambdaContext;
import io.llmrouter.testing.prices.AwsPricingStub;
import io.llmrouter.testing.prices.AzureRetailPricesStub;
import io.llmrouter.testing.prices.GcpBillingCatalogStub;
import io.micronaut.context.ApplicationContext;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * cost-refresh as Lambda runs it, pricing clusters that name an instance type and no costPerHour from
 * loopback stand-ins of the three clouds' price lists: the AWS one through the SDK's pricing client the
 * function builds, the GCP key read from an SSM parameter (a loopback SSM) when the config loads, the
 * Azure and GCP answers split across pages. Logs are captured in the Lambda JSON layout.
 */
class NodePricesHandlerTest {

    @RegisterExtension
    static final DynamoDbLocal dynamo = new DynamoDbLocal();

    private static final String GCP_KEY = "AIza-gcp-catalog-key-5e1b";

    @TempDir
    Path dir;

    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());
    private AbstractAppender appender;

    @Test
    void clustersArePricedFromTheirCloudsPriceListsAndKeepTheLastGoodPriceWhenOneFails() throws Exception {
        String table = dynamo.tableName();
        StateTable.createIfMissing(dynamo.client(), table);
        var store = new DynamoRoutingStateStore(dynamo.client(), StoreSettings.defaults().withTable(table));
        try (var aws = new AwsPricingStub("us-east-1");
             var azure = new AzureRetailPricesStub();
             var gcp = new GcpBillingCatalogStub(GCP_KEY);
             var ssm = new AwsSecretStoresStub()) {
            ssm.putSecureString("/llm-router/gcp-billing-key", GCP_KEY);
            azure.pageSize(2);
            gcp.pageSize(3);
            Path config = Files.writeString(dir.resolve("router.yaml"), """
                    router: {overheadFactor: 1.0}
                    clusters:
                      - {name: aws-us-west-2, endpoint: "http://127.0.0.1:1", provider: aws, region: us-west-2, instanceType: t3.large}
                      - {name: gcp-us-central1, endpoint: "http://127.0.0.1:2", provider: gcp, region: us-central1, instanceType: n1-standard-2}
                      - {name: azure-eastus, endpoint: "http://127.0.0.1:3", provider: azure, region: eastus, instanceType: Standard_D2s_v3}
                      - {name: aws-priced, endpoint: "http://127.0.0.1:4", provider: aws, region: us-west-2, instanceType: t3.large, costPerHour: 0.0928}
                    nodePrices:
                      aws: {endpoint: "%s"}
                      azure: {endpoint: "%s"}
                      gcp: {endpoint: "%s", apiKey: "ssm:/llm-router/gcp-billing-key"}
                    store: {tableName: %s}
                    """.formatted(aws.origin(), azure.endpoint(), gcp.endpoint(), table));
            List<String> clusters = List.of("aws-us-west-2", "gcp-us-central1", "azure-eastus", "aws-priced");
            clusters.forEach(cluster -> health(store, cluster, 15.0));

            try (var handler = new CostRefreshHandler(ApplicationContext.builder().properties(Map.of(
                    "router.config", config.toString(), "dynamodb.endpoint", dynamo.endpoint().toString(),
                    "ssm.endpoint", ssm.endpoint().toString())))) {
                captureLogs();
                RefreshSummary first = invoke(handler).result();

                assertEquals(Map.of(
                        "aws-us-west-2", "0.001541 (live_throughput, node 0.0832 $/h)",
                        "gcp-us-central1", "0.001759 (live_throughput, node 0.0949995 $/h)",
                        "azure-eastus", "0.001778 (live_throughput, node 0.096 $/h)",
                        "aws-priced", "0.001719 (live_throughput, node 0.0928 $/h)"), first.clusterCostPer1k());
                assertEquals(List.of(), first.failedFeeds());
                assertEquals(1, aws.requests().size(), "aws-priced's costPerHour needs no lookup");
                assertTrue(azure.requests().size() > 1 && gcp.requests().size() > 1, "pages are followed");
                assertEquals(List.of(GCP_KEY), gcp.keysSent().stream().distinct().toList());

                aws.failWith(500);
                gcp.answerGarbage("<html><body>Service Unavailable</body></html>");
                clusters.forEach(cluster -> health(store, cluster, 20.0));
                var second = invoke(handler);

                assertEquals(2, second.emfDocument().path("PriceFeedFailures").asInt());
                List<String> failed = second.result().failedFeeds();
                assertEquals(2, failed.size(), failed.toString());
                assertTrue(failed.get(0).startsWith("AWS Price List t3.large us-west-2: GetProducts answered HTTP 500"), failed.get(0));
                assertTrue(failed.get(1).startsWith("GCP billing catalog: GCP billing catalog: not valid JSON"), failed.get(1));
                assertEquals(List.of(), second.result().unpricedClusters());
                for (var expected : Map.of("aws-us-west-2", 0.0832, "gcp-us-central1", 0.0949995, "azure-eastus", 0.096)
                        .entrySet()) {
                    CostRecord record = store.loadSnapshot().costOf(expected.getKey(), CostRecord.ANY_MODEL).orElseThrow();
                    assertEquals(expected.getValue(), record.nodePricePerHour(), 1e-12, expected.getKey());
                    assertEquals(expected.getValue() / (record.tokensPerSecond() * 3600) * 1000, record.costPer1k(), 1e-12);
                }
                assertTrue(logLines.stream().anyMatch(line -> line.contains("node price list GCP billing catalog skipped")),
                        logLines.toString());
                assertTrue(logLines.stream().noneMatch(line -> line.contains(GCP_KEY)), "the key stays out of the logs");
            } finally {
                if (appender != null) {
                    ((Logger) LogManager.getLogger("io.llmrouter")).removeAppender(appender);
                }
            }
        }
    }

    private static void health(DynamoRoutingStateStore store, String cluster, double liveTokensPerSecond) {
        store.putHealth(new HealthRecord(cluster, true, "ok", Instant.now(), 3L, liveTokensPerSecond, null, null, null,
                0, 0, 0, 2, 4096, List.of(), "m"));
    }

    private static StdoutCapture.Captured<RefreshSummary> invoke(CostRefreshHandler handler) {
        ScheduledEvent event = EventLoader.loadScheduledEvent("events/scheduled-cost-refresh.json");
        return StdoutCapture.run(() ->
                handler.handleRequest(event, new TestLambdaContext("cost-refresh", Duration.ofSeconds(60))));
    }

    /** Every io.llmrouter log line, through the JSON layout the functions use in Lambda (log4j2.xml). */
    private void captureLogs() {
        var context = (org.apache.logging.log4j.core.LoggerContext) LogManager.getContext(false);
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(context.getConfiguration())
                .setEventTemplateUri("classpath:LambdaJsonLayout.json").build();
        appender = new AbstractAppender("capture", null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                logLines.add(new String(layout.toByteArray(event), StandardCharsets.UTF_8));
            }
        };
        appender.start();
        ((Logger) LogManager.getLogger("io.llmrouter")).addAppender(appender);
    }
}
