package io.llmrouter.infra;

import software.constructs.Node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where the route function runs: on demand (Lambda's default, one request per execution environment, SnapStart), or on
 * Lambda Managed Instances (EC2 instances Lambda manages in the given subnets, many requests per execution environment,
 * no SnapStart). Read from the CDK context; the names and defaults match template.yaml's {@code RouteCompute},
 * {@code RouteInstanceTypes}, {@code RouteSubnetIds}, {@code RouteSecurityGroupIds}, {@code RouteMaxVCpuCount} and
 * {@code RouteMaxConcurrency}. Everything but {@code mode} matters only on Managed Instances.
 *
 * @param mode             on demand or on Managed Instances
 * @param instanceTypes    the EC2 instance types the capacity provider may launch
 * @param subnetIds        the VPC subnets of the instances; required on Managed Instances
 * @param securityGroupIds the security groups of the instances; required on Managed Instances
 * @param maxVCpuCount     the most vCPUs the capacity provider runs across its instances
 * @param maxConcurrency   PerExecutionEnvironmentMaxConcurrency: requests one execution environment serves at once
 */
public record RouteCompute(Mode mode, List<String> instanceTypes, List<String> subnetIds, List<String> securityGroupIds,
                           int maxVCpuCount, int maxConcurrency) {

    public enum Mode { OnDemand, ManagedInstances }

    /** Graviton, to match the default arm64 architecture; c for the router's little memory, m for when c is short. */
    public static final List<String> DEFAULT_INSTANCE_TYPES = List.of("c7g.large", "c7g.xlarge", "m7g.large", "m7g.xlarge");
    public static final int DEFAULT_MAX_VCPU_COUNT = 16;
    public static final int MIN_VCPU_COUNT = 12;
    /** AWS's default for Java is 32 per vCPU, and each execution environment here has one vCPU. */
    public static final int DEFAULT_MAX_CONCURRENCY = 32;
    /** 2 GiB per vCPU, the smallest ratio Managed Instances allow: one vCPU per environment at {@link #MEMORY_MIB}. */
    public static final int MEMORY_GIB_PER_VCPU = 2;
    /** The route function's memory on Managed Instances, the least they allow; on demand it keeps 1024 MB. */
    public static final int MEMORY_MIB = 2048;

    /** Graviton families have a g right after the generation: c7g, m7gd, r8g, c6gn. */
    private static final Pattern GRAVITON = Pattern.compile("[a-z]+\\d+g[a-z]*\\..+");

    public RouteCompute {
        instanceTypes = List.copyOf(instanceTypes);
        subnetIds = List.copyOf(subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds);
    }

    public boolean onManagedInstances() {
        return mode == Mode.ManagedInstances;
    }

    /** The architecture of an instance type, arm64 or x86_64, as Lambda names function architectures. */
    static String architectureOf(String instanceType) {
        return GRAVITON.matcher(instanceType).matches() ? "arm64" : "x86_64";
    }

    /** What is wrong with these settings for a function of {@code architecture}; empty when nothing is. */
    List<String> problems(String architecture) {
        List<String> problems = new ArrayList<>();
        if (!onManagedInstances()) {
            return problems;
        }
        if (subnetIds.isEmpty()) {
            problems.add("routeSubnetIds: routeCompute ManagedInstances needs the subnets of its instances");
        }
        if (securityGroupIds.isEmpty()) {
            problems.add("routeSecurityGroupIds: routeCompute ManagedInstances needs the security groups of its instances");
        }
        if (instanceTypes.isEmpty()) {
            problems.add("routeInstanceTypes: must name at least one instance type");
        }
        // The capacity provider launches instances of the function's architecture only.
        List<String> otherArchitecture = instanceTypes.stream().filter(type -> !architectureOf(type).equals(architecture)).toList();
        if (!otherArchitecture.isEmpty()) {
            problems.add("routeInstanceTypes: " + otherArchitecture + " are not " + architecture + " instance types (the architecture"
                    + " of the functions); name " + ("arm64".equals(architecture) ? "Graviton types such as c7g.large" : "x86 types such as c7i.large"));
        }
        // CloudFormation's reference allows 2; the CDK's CapacityProvider refuses fewer than MIN_VCPU_COUNT.
        if (maxVCpuCount < MIN_VCPU_COUNT || maxVCpuCount > 15000) {
            problems.add("routeMaxVCpuCount: must be " + MIN_VCPU_COUNT + " to 15000, got " + maxVCpuCount);
        }
        if (maxConcurrency < 1 || maxConcurrency > 1600) {
            problems.add("routeMaxConcurrency: must be 1 to 1600, got " + maxConcurrency);
        }
        return problems;
    }

    /**
     * Reads the settings from CDK context, with template.yaml's defaults. Lists are comma-separated, as
     * CommaDelimitedList parameters are; a value that is not a mode or a number is reported as a problem.
     */
    static RouteCompute fromContext(Node node, List<String> problems) {
        String mode = text(node, "routeCompute", Mode.OnDemand.name());
        Mode parsed = Arrays.stream(Mode.values()).filter(m -> m.name().equals(mode)).findFirst().orElse(null);
        if (parsed == null) {
            problems.add("routeCompute: must be one of " + Arrays.toString(Mode.values()) + ", got " + mode);
            parsed = Mode.OnDemand;
        }
        return new RouteCompute(parsed,
                list(node, "routeInstanceTypes", String.join(",", DEFAULT_INSTANCE_TYPES)),
                list(node, "routeSubnetIds", ""),
                list(node, "routeSecurityGroupIds", ""),
                number(node, "routeMaxVCpuCount", DEFAULT_MAX_VCPU_COUNT, problems),
                number(node, "routeMaxConcurrency", DEFAULT_MAX_CONCURRENCY, problems));
    }

    private static String text(Node node, String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null ? fallback : value.toString();
    }

    private static List<String> list(Node node, String key, String fallback) {
        return Arrays.stream(text(node, key, fallback).split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private static int number(Node node, String key, int fallback, List<String> problems) {
        String value = text(node, key, Integer.toString(fallback));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            problems.add(key + ": must be a whole number, got " + value);
            return fallback;
        }
    }
}
