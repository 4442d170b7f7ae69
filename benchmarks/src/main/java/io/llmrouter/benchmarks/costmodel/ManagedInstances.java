package io.llmrouter.benchmarks.costmodel;

/**
 * The route function on Lambda Managed Instances: AWS runs it on EC2 instances of the chosen type in the
 * account, several requests at once in each execution environment, and bills the instances (plus a fee on
 * their on-demand price) whether busy or not, besides the per-request charge.
 *
 * @param instance             the instance type
 * @param concurrencyPerVcpu   requests one vCPU's worth of execution environment serves at once (the Java
 *                             runtime's default is 32; an environment's maximum can be set up to 1,600)
 * @param vcpusPerEnvironment  vCPUs each execution environment gets (function memory over the memory-per-vCPU
 *                             ratio: a 2 GiB function at the 2:1 ratio gets one)
 * @param minInstances         instances kept however low the traffic (three, one per Availability Zone)
 * @param minEnvironments      execution environments kept however low the traffic (three)
 */
public record ManagedInstances(InstanceType instance, int concurrencyPerVcpu, int vcpusPerEnvironment,
                               int minInstances, int minEnvironments) implements Deployment {

    /** The Java runtime's requests per vCPU, and what AWS starts a function version with. */
    public static final int JAVA_CONCURRENCY_PER_VCPU = 32;
    public static final int DEFAULT_MIN_INSTANCES = 3;
    public static final int DEFAULT_MIN_ENVIRONMENTS = 3;

    public ManagedInstances {
        if (concurrencyPerVcpu < 1 || vcpusPerEnvironment < 1 || vcpusPerEnvironment > instance.vcpus()
                || minInstances < 1 || minEnvironments < 1) {
            throw new IllegalArgumentException("not a Managed Instances setting: " + instance.name() + ", "
                    + concurrencyPerVcpu + " per vCPU, " + vcpusPerEnvironment + " vCPU an environment, at least "
                    + minInstances + " instances and " + minEnvironments + " environments");
        }
    }

    /** On {@code instance} with the defaults: Java's 32 a vCPU, one-vCPU environments, three of each kept. */
    public static ManagedInstances withDefaults(InstanceType instance) {
        return new ManagedInstances(instance, JAVA_CONCURRENCY_PER_VCPU, 1, DEFAULT_MIN_INSTANCES,
                DEFAULT_MIN_ENVIRONMENTS);
    }

    public ManagedInstances withConcurrencyPerVcpu(int perVcpu) {
        return new ManagedInstances(instance, perVcpu, vcpusPerEnvironment, minInstances, minEnvironments);
    }

    @Override
    public String label() {
        return "LMI " + instance.name() + (concurrencyPerVcpu == JAVA_CONCURRENCY_PER_VCPU ? ""
                : ", " + concurrencyPerVcpu + "/vCPU");
    }

    /** Requests in flight one instance takes. */
    int concurrencyPerInstance() {
        return instance.vcpus() * concurrencyPerVcpu;
    }

    int concurrencyPerEnvironment() {
        return vcpusPerEnvironment * concurrencyPerVcpu;
    }

    /** What an instance costs an hour with the management fee. */
    double usdPerInstanceHour(Prices prices) {
        return instance.usdPerHour() * (1 + prices.managedInstancesFeeShare());
    }
}
