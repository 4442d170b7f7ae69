package io.llmrouter.poller;

import io.llmrouter.config.CloudProvider;
import io.llmrouter.config.ClusterAuth;
import io.llmrouter.config.ClusterConfig;
import io.llmrouter.config.StoreSettings;
import io.llmrouter.health.ClusterProbe;
import io.llmrouter.health.EventBridgeTransitionPublisher;
import io.llmrouter.health.HealthPoller;
import io.llmrouter.health.ProbeTimeouts;
import io.llmrouter.state.DynamoRoutingStateStore;
import io.llmrouter.state.StateTable;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poller's DynamoDB writes and EventBridge events against LocalStack: a rule on the bus delivers
 * "cluster down" events to an SQS queue the test reads. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPollerTest {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
            .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SQS,
                    LocalStackContainer.EnabledService.named("events"));

    static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(B builder) {
        return builder.endpointOverride(LOCALSTACK.getEndpoint())
                .region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
                .build();
    }

    @Test
    void aDeadClusterIsWrittenToDynamoDbAndItsEventReachesTheQueue() throws Exception {
        DynamoDbClient dynamo = client(DynamoDbClient.builder());
        EventBridgeClient events = client(EventBridgeClient.builder());
        SqsClient sqs = client(SqsClient.builder());

        StateTable.createIfMissing(dynamo, "llm-router-state");
        String bus = events.createEventBus(b -> b.name("llm-router")).eventBusArn();
        String queueUrl = sqs.createQueue(b -> b.queueName("cluster-down")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        events.putRule(b -> b.name("cluster-down").eventBusName("llm-router").eventPattern(
                "{\"source\":[\"llm-router.health-poller\"],\"detail\":{\"current\":[\"down\"]}}"));
        events.putTargets(b -> b.rule("cluster-down").eventBusName("llm-router")
                .targets(t -> t.id("queue").arn(queueArn)));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ClusterConfig dead = new ClusterConfig("dead", URI.create("http://127.0.0.1:" + closedPort), "local",
                CloudProvider.AWS, 0.09, null, null, List.of(), null, ClusterAuth.none());
        var store = new DynamoRoutingStateStore(dynamo, StoreSettings.defaults());
        ClusterProbe probe = ClusterProbe.forCluster(dead, ProbeTimeouts.defaults(), Clock.systemUTC());
        try (var poller = new HealthPoller(List.of(dead), c -> probe.probe(), store,
                new EventBridgeTransitionPublisher(events, "llm-router"), Duration.ofSeconds(10), Clock.systemUTC())) {
            poller.pollOnce();
        }

        assertFalse(store.loadSnapshot().healthOf("dead").orElseThrow().up());
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(10)).messages();
        assertEquals(1, messages.size(), "bus " + bus);
        assertTrue(messages.get(0).body().contains("\"cluster\":\"dead\""), messages.get(0).body());
    }
}
