package io.llmrouter.benchmarks.costmodel;

/**
 * An EC2 instance type Managed Instances can run the route function on.
 *
 * @param name       the EC2 name
 * @param vcpus      its vCPUs
 * @param memoryGib  its memory
 * @param usdPerHour its Linux on-demand price in us-east-1 (Managed Instances bills this plus its fee)
 */
public record InstanceType(String name, int vcpus, int memoryGib, double usdPerHour) {

    /** Graviton3, 4 GiB a vCPU: the smallest general-purpose size. Read 2026-12-05, see docs/cost-at-scale.md. */
    public static final InstanceType M7G_LARGE = new InstanceType("m7g.large", 2, 8, 0.0816);
    /** Twice the large size at twice the price, as EC2 prices sizes within a family. */
    public static final InstanceType M7G_XLARGE = new InstanceType("m7g.xlarge", 4, 16, 0.1632);
}
