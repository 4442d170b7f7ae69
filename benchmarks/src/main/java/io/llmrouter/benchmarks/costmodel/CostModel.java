package io.llmrouter.benchmarks.costmodel;

/**
 * The arithmetic: what one deployment of the route function costs at a steady request rate, given how long each
 * request holds an environment. Everything is per million requests so that rates compare directly.
 *
 * <ul>
 *   <li>On-demand Lambda: each request holds one environment for its whole hold time, so the duration charge is
 *       memory × hold per request whatever the rate; environments = rate × mean hold (Little's law).</li>
 *   <li>Managed Instances: instances run whether busy or not; enough of them for the requests in flight at
 *       {@code concurrencyPerVcpu} a vCPU, for the router's CPU time, and never fewer than AWS's minimum. Their
 *       hourly price with the fee is spread over the requests of that hour.</li>
 *   <li>Both: Lambda's request charge, the front door's, and the snapshot loads of the environments running.</li>
 * </ul>
 *
 * @param prices           unit prices
 * @param snapshot         how environments read the routing snapshot
 * @param routerCpuSeconds the route function's own CPU time per request (measured on the local stack)
 */
public record CostModel(Prices prices, SnapshotReads snapshot, double routerCpuSeconds) {

    private static final double MILLION = 1e6;

    /** {@code deployment}'s cost on {@code path} at {@code requestsPerSecond}, for upstream calls of this mean hold. */
    public RouterCost cost(Deployment deployment, CallPath path, double requestsPerSecond, double meanUpstreamSeconds) {
        if (!(requestsPerSecond > 0) || meanUpstreamSeconds < 0) {
            throw new IllegalArgumentException("need a positive rate and a hold time of at least 0, got "
                    + requestsPerSecond + " req/s, " + meanUpstreamSeconds + " s");
        }
        return switch (deployment) {
            case OnDemandLambda lambda -> onDemand(lambda, path, requestsPerSecond, meanUpstreamSeconds);
            case ManagedInstances lmi -> managed(lmi, path, requestsPerSecond, meanUpstreamSeconds);
        };
    }

    private RouterCost onDemand(OnDemandLambda lambda, CallPath path, double rate, double upstream) {
        // Below 1,769 MB the function has a share of a vCPU, so its own CPU time takes longer in wall time.
        double hold = upstream + routerCpuSeconds / lambda.vcpuShare();
        double inFlight = rate * hold;
        double duration = MILLION * lambda.memoryGb() * hold * prices.lambdaArmPerGbSecond();
        return new RouterCost(lambda, path, rate, hold, inFlight, (long) Math.ceil(inFlight), 0, null,
                prices.lambdaPerMillionRequests(), duration, path.frontDoorPerMillion(prices),
                snapshotPerMillion(inFlight, rate));
    }

    private RouterCost managed(ManagedInstances lmi, CallPath path, double rate, double upstream) {
        // An environment has whole vCPUs, so the router's CPU time does not stretch.
        double hold = upstream + routerCpuSeconds;
        double inFlight = rate * hold;
        long forConcurrency = (long) Math.ceil(inFlight / lmi.concurrencyPerInstance());
        long forCpu = (long) Math.ceil(rate * routerCpuSeconds / lmi.instance().vcpus());
        long instances = Math.max(lmi.minInstances(), Math.max(forConcurrency, forCpu));
        RouterCost.SizedBy sizedBy = instances == lmi.minInstances() && forConcurrency < instances && forCpu < instances
                ? RouterCost.SizedBy.MINIMUM
                : forCpu > forConcurrency ? RouterCost.SizedBy.CPU : RouterCost.SizedBy.CONCURRENCY;
        long environments = Math.max(lmi.minEnvironments(),
                (long) Math.ceil(inFlight / lmi.concurrencyPerEnvironment()));
        double requestsPerHour = rate * 3600;
        double compute = instances * lmi.usdPerInstanceHour(prices) / requestsPerHour * MILLION;
        return new RouterCost(lmi, path, rate, hold, inFlight, environments, instances, sizedBy,
                prices.lambdaPerMillionRequests(), compute, path.frontDoorPerMillion(prices),
                snapshotPerMillion(environments, rate));
    }

    /** The snapshot loads of {@code environments} a second, spread over the rate's requests. */
    private double snapshotPerMillion(double environments, double rate) {
        double readUnitsPerSecond = snapshot.loadsPerSecond(environments, rate) * snapshot.readUnitsPerLoad();
        return readUnitsPerSecond / rate * prices.dynamoDbPerMillionReadUnits();
    }
}
