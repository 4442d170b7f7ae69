package io.llmrouter.benchmarks.costmodel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The cost model's arithmetic against sums worked by hand from the unit prices. */
class CostModelTest {

    private static final Prices PRICES = Prices.US_EAST_1;
    private static final double CENT = 0.005;

    private static CostModel model(double cpuSeconds) {
        return new CostModel(PRICES, SnapshotReads.TODAY, cpuSeconds);
    }

    @Test
    void onDemandBillsMemoryTimesHoldPerRequestAtAnyRate() {
        for (double rate : new double[] {1, 100, 10_000}) {
            RouterCost cost = model(0).cost(new OnDemandLambda(1024), CallPath.STREAMED_FUNCTION_URL, rate, 1.0);
            // 1 GB x 1 s x $0.0000133334 a GB-s, a million times
            assertEquals(13.3334, cost.computePerMillion(), 1e-9);
            assertEquals(0.20, cost.lambdaRequestsPerMillion(), 1e-12);
            assertEquals(0, cost.frontDoorPerMillion(), 1e-12);
            assertEquals(rate, cost.inFlight(), 1e-9);
            assertEquals((long) Math.ceil(rate), cost.environments());
            assertEquals(0, cost.instances());
        }
    }

    @Test
    void onDemandEnvironmentsLoadTheSnapshotOnceAnIntervalEach() {
        RouterCost cost = model(0).cost(new OnDemandLambda(1024), CallPath.STREAMED_FUNCTION_URL, 100, 1.0);
        // 100 environments / 5 s = 20 loads a second x 33 units = 660 units a second over 100 requests = 6.6 units
        // a request, at $0.125 a million units
        assertEquals(6.6 * 0.125, cost.snapshotReadsPerMillion(), 1e-9);
        assertEquals(13.3334 + 0.20 + 0.825, cost.totalPerMillion(), 1e-9);
        assertEquals(cost.totalPerMillion() * 100 * 3600 / 1e6, cost.usdPerHour(), 1e-9);
    }

    @Test
    void anEnvironmentLoadsAtMostOnceARequest() {
        // held 10 s, each environment would load twice a request at 5 s, but loads only when it gets one
        RouterCost cost = model(0).cost(new OnDemandLambda(512), CallPath.STREAMED_FUNCTION_URL, 50, 10.0);
        assertEquals(33 * 0.125, cost.snapshotReadsPerMillion(), 1e-9);
    }

    @Test
    void belowAFullVcpuTheRoutersCpuTimeStretches() {
        // 512 MB has 512/1769 of a vCPU: 512 µs of CPU takes 1,769 µs
        RouterCost cost = model(512e-6).cost(new OnDemandLambda(512), CallPath.STREAMED_FUNCTION_URL, 10, 1.0);
        assertEquals(1.001769, cost.meanHoldSeconds(), 1e-9);
        assertEquals(1e6 * 0.5 * 1.001769 * 0.0000133334, cost.computePerMillion(), 1e-9);
        RouterCost full = model(512e-6).cost(new OnDemandLambda(1769), CallPath.STREAMED_FUNCTION_URL, 10, 1.0);
        assertEquals(1.000512, full.meanHoldSeconds(), 1e-9);
    }

    @Test
    void theHttpApiAddsItsChargeAndAFunctionUrlNothing() {
        CostModel model = model(0);
        OnDemandLambda lambda = new OnDemandLambda(1024);
        double url = model.cost(lambda, CallPath.BUFFERED_FUNCTION_URL, 10, 1).totalPerMillion();
        double api = model.cost(lambda, CallPath.BUFFERED_HTTP_API, 10, 1).totalPerMillion();
        assertEquals(1.00, api - url, 1e-9);
    }

    @Test
    void managedInstancesAtLowTrafficPayForAwsMinimumOfThree() {
        RouterCost cost = model(0).cost(ManagedInstances.withDefaults(InstanceType.M7G_LARGE),
                CallPath.STREAMED_FUNCTION_URL, 10, 1.0);
        assertEquals(3, cost.instances());
        assertEquals(RouterCost.SizedBy.MINIMUM, cost.sizedBy());
        // 3 x $0.0816 x 1.15 an hour over 36,000 requests an hour
        assertEquals(3 * 0.0816 * 1.15 / 36_000 * 1e6, cost.computePerMillion(), 1e-9);
        assertEquals(7.82, cost.computePerMillion(), CENT);
        // 3 environments / 5 s = 0.6 loads a second x 33 units over 10 requests = 1.98 units a request
        assertEquals(3, cost.environments());
        assertEquals(1.98 * 0.125, cost.snapshotReadsPerMillion(), 1e-9);
    }

    @Test
    void managedInstancesAtHighTrafficAreSizedByRequestsInFlight() {
        RouterCost cost = model(113e-6).cost(ManagedInstances.withDefaults(InstanceType.M7G_LARGE),
                CallPath.STREAMED_FUNCTION_URL, 1000, 1.0);
        // 1,000.113 in flight over 2 vCPUs x 32 = 64 an instance: 16 instances; 32 an environment: 32 environments
        assertEquals(16, cost.instances());
        assertEquals(RouterCost.SizedBy.CONCURRENCY, cost.sizedBy());
        assertEquals(32, cost.environments());
        assertEquals(16 * 0.0816 * 1.15 / 3_600_000 * 1e6, cost.computePerMillion(), 1e-9);
    }

    @Test
    void managedInstancesWithHeavyCpuAreSizedByCpu() {
        // 10 ms of CPU a request at 1,000 req/s is 10 vCPUs: 5 two-vCPU instances, though 10 in flight fit in one
        RouterCost cost = model(0.010).cost(ManagedInstances.withDefaults(InstanceType.M7G_LARGE),
                CallPath.STREAMED_FUNCTION_URL, 1000, 0);
        assertEquals(5, cost.instances());
        assertEquals(RouterCost.SizedBy.CPU, cost.sizedBy());
    }

    @Test
    void moreConcurrencyPerVcpuNeedsFewerInstances() {
        ManagedInstances tuned = ManagedInstances.withDefaults(InstanceType.M7G_LARGE).withConcurrencyPerVcpu(128);
        RouterCost cost = model(0).cost(tuned, CallPath.STREAMED_FUNCTION_URL, 1000, 1.0);
        assertEquals(4, cost.instances()); // 1,000 / 256 an instance
        assertEquals(8, cost.environments()); // 1,000 / 128 an environment
    }

    @Test
    void aBufferedCallIsHeldNoLongerThanTheForwardingBudget() {
        HoldTimes holds = new HoldTimes(new double[] {1, 2, 60});
        assertEquals(21, holds.mean(), 1e-12);
        assertEquals(10, CallPath.BUFFERED_HTTP_API.holds(holds).mean(), 1e-12);
        assertEquals(21, CallPath.STREAMED_FUNCTION_URL.holds(holds).mean(), 1e-12);
    }

    @Test
    void holdTimePercentilesAreNearestRank() {
        double[] seconds = new double[100];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = i + 1;
        }
        HoldTimes holds = new HoldTimes(seconds);
        assertEquals(50, holds.percentile(50));
        assertEquals(90, holds.percentile(90));
        assertEquals(99, holds.percentile(99));
        assertEquals(200, holds.with(new HoldTimes(new double[] {200})).percentile(100));
    }

    @Test
    void breakEvenIsTheFirstRateWhereTheHourlyFleetCostsNoMore() {
        CostModel model = model(0);
        CostTables.CostFunction costs = (deployment, path, rate) -> model.cost(deployment, path, rate, 1.0);
        Deployment lmi = ManagedInstances.withDefaults(InstanceType.M7G_LARGE);
        Deployment lambda = new OnDemandLambda(512);
        int rate = BreakEven.rate(costs, lmi, lambda, CallPath.STREAMED_FUNCTION_URL, 10_000).orElseThrow();
        CallPath path = CallPath.STREAMED_FUNCTION_URL;
        assertEquals(true, costs.at(lmi, path, rate).totalPerMillion() <= costs.at(lambda, path, rate).totalPerMillion());
        assertEquals(true, costs.at(lmi, path, rate - 1).totalPerMillion() > costs.at(lambda, path, rate - 1).totalPerMillion());
    }

    @Test
    void nonsenseInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OnDemandLambda(64));
        assertThrows(IllegalArgumentException.class, () -> new SnapshotReads(33, 0));
        assertThrows(IllegalArgumentException.class,
                () -> model(0).cost(new OnDemandLambda(512), CallPath.STREAMED_FUNCTION_URL, 0, 1));
    }
}
