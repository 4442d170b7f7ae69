package io.llmrouter.wiring;

import io.llmrouter.testing.aws.CloudWatchStub;
import io.llmrouter.testing.aws.CloudWatchStub.Datum;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gauges bean as the functions get it, publishing through the real SDK CloudWatch client to a
 * loopback CloudWatch that decodes PutMetricData from the wire.
 */
class CloudWatchGaugesTest {

    static final GaugeMetric UP = GaugeMetric.none("TargetUp");
    static final GaugeMetric LATENCY = GaugeMetric.milliseconds("ProbeLatency");
    static final GaugeMetric TPS = GaugeMetric.none("TokensPerSecond");
    static final GaugeMetric HEALTHY = GaugeMetric.none("HealthyClusters");

    CloudWatchStub cloudWatch;
    ApplicationContext context;

    @BeforeEach
    void start() throws Exception {
        cloudWatch = new CloudWatchStub();
    }

    @AfterEach
    void stop() {
        if (context != null) {
            context.close();
        }
        cloudWatch.close();
    }

    CloudWatchGauges gauges(Map<String, Object> properties) {
        context = ApplicationContext.run(properties);
        return context.getBean(CloudWatchGauges.class);
    }

    CloudWatchGauges gauges() {
        return gauges(Map.of("cloudwatch.endpoint", cloudWatch.endpoint().toString(), "metrics.publish", true));
    }

    @Test
    void publishesTheContractNamesUnitsAndDimensionsBeforeReturning() {
        CloudWatchGauges gauges = gauges();
        Instant before = Instant.now().minusSeconds(1);
        gauges.set(UP, "aws-us-west-2", 1);
        gauges.set(UP, "gcp-us-central1", 0);
        gauges.set(LATENCY, "aws-us-west-2", 12L);
        gauges.set(HEALTHY, 1);
        gauges.publish();

        // No waiting: publish returns only once CloudWatch has answered.
        assertEquals(1, cloudWatch.calls().size());
        assertEquals("LlmRouter", cloudWatch.calls().get(0).namespace());
        assertEquals(List.of(1.0), values("TargetUp", "aws-us-west-2"));
        assertEquals(List.of(0.0), values("TargetUp", "gcp-us-central1"));
        Datum latency = cloudWatch.data("ProbeLatency", "aws-us-west-2").get(0);
        assertEquals(12.0, latency.value());
        assertEquals("Milliseconds", latency.unit());
        Datum healthy = cloudWatch.data("HealthyClusters", null).get(0);
        assertEquals(Map.of(), healthy.dimensions());
        assertEquals("None", healthy.unit());
        assertEquals(60, healthy.storageResolution());
        assertTrue(!healthy.timestamp().isBefore(before) && !healthy.timestamp().isAfter(Instant.now()),
                healthy.timestamp().toString());
        assertEquals(4, cloudWatch.data().size(), cloudWatch.data().toString());
    }

    @Test
    void anUnknownValueIsNotSentAndNoValueIsSentTwice() {
        CloudWatchGauges gauges = gauges();
        gauges.set(TPS, "aws-us-west-2", 41.5);
        gauges.set(UP, "aws-us-west-2", 1);
        gauges.publish();
        assertEquals(List.of(41.5), values("TokensPerSecond", "aws-us-west-2"));

        gauges.set(TPS, "aws-us-west-2", null);
        gauges.set(UP, "aws-us-west-2", 0);
        gauges.publish();
        assertEquals(List.of(41.5), values("TokensPerSecond", "aws-us-west-2"), "unknown is not sent as 0 nor as the old value");
        assertEquals(List.of(1.0, 0.0), values("TargetUp", "aws-us-west-2"));

        int calls = cloudWatch.calls().size();
        gauges.publish();
        assertEquals(calls, cloudWatch.requestsSeen(), "nothing new to send: no request");
    }

    @Test
    void twoHundredClustersGoInOneCompressedCall() {
        CloudWatchGauges gauges = gauges();
        for (int i = 0; i < 200; i++) {
            gauges.set(UP, "cluster-" + i, i % 2);
            gauges.set(TPS, "cluster-" + i, i * 1.5);
        }
        gauges.publish();

        assertEquals(1, cloudWatch.calls().size());
        assertTrue(cloudWatch.calls().get(0).gzipped(), "the SDK compresses a PutMetricData body over 10 KB");
        assertEquals(400, cloudWatch.data().size());
        assertEquals(List.of(298.5), values("TokensPerSecond", "cluster-199"));
    }

    @Test
    void aFailedCallIsRetriedWithinThePublish() {
        CloudWatchGauges gauges = gauges();
        cloudWatch.failNextCalls(1);
        gauges.set(HEALTHY, 3);
        gauges.publish();

        assertEquals(2, cloudWatch.requestsSeen());
        assertEquals(List.of(3.0), values("HealthyClusters", null));
    }

    @Test
    void aDeadEndpointDoesNotFailTheInvocationAndEndsWithinTheCallTimeout() {
        cloudWatch.close();
        CloudWatchGauges gauges = gauges();
        gauges.set(HEALTHY, 3);
        long start = System.nanoTime();
        gauges.publish();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(GaugeBeans.CALL_TIMEOUT.plusSeconds(2)) < 0);
    }

    @Test
    void publishingOffSendsNothing() {
        CloudWatchGauges gauges = gauges(Map.of("cloudwatch.endpoint", cloudWatch.endpoint().toString(),
                "metrics.publish", false));
        assertFalse(gauges.publishing());
        gauges.set(HEALTHY, 3);
        gauges.publish();
        assertEquals(0, cloudWatch.requestsSeen());
    }

    List<Double> values(String metric, String target) {
        return cloudWatch.data(metric, target).stream().map(Datum::value).toList();
    }
}
