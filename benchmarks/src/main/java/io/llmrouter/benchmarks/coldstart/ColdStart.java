package io.llmrouter.benchmarks.coldstart;

import io.llmrouter.benchmarks.LoopbackDeployment;
import io.llmrouter.testing.LocalDynamoServer;
import io.llmrouter.testing.aws.DeploymentPackage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Cold start of the route function, from process start to the first routed chat answer: a fresh JVM
 * whose classpath is the route zip's exact layout ({@code classes} at the root, {@code lib/*.jar}),
 * the handler created as the Lambda runtime creates it and invoked once ({@link ColdStartProbe}).
 * DynamoDB Local and a loopback OpenAI-format upstream already run (in this process), as the table and
 * the provider do in AWS. Each variant of JVM options runs several times; the table gives the median.
 *
 * <p>The JDK 25 AOT cache variants run the same classes from a class path of jars only (the zip's root folder
 * put into a jar): the JVM refuses to write or use a cache for a class path with a non-empty folder.
 *
 * <p>Run after a build: {@code java -cp benchmarks/target/benchmarks.jar io.llmrouter.benchmarks.coldstart.ColdStart [runs] [zip]}
 */
public final class ColdStart {

    static final String HANDLER = "io.llmrouter.route.RouteHandler";
    /** What template.yaml sets for every function (JAVA_TOOL_OPTIONS): C1 only, as AWS advises for start-up. */
    static final List<String> LAMBDA_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path zip = Path.of(args.length > 1 ? args[1] : "functions/route/target/llm-router-route.zip");
        Path task = Files.createTempDirectory("route-task");
        DeploymentPackage.unpack(zip, task);
        Path probe = probeJar(Files.createTempDirectory("cold-start-probe"));
        // As the Lambda runtime loads the zip: its folder (the function's classes) and lib/*.jar.
        String classpath = task + ":" + task.resolve("lib") + "/*:" + probe;
        // An AOT cache refuses a class path with a non-empty folder: the same classes, with the function's own in a jar.
        String jarsOnly = task.resolve("lib") + "/*:" + functionJar(task) + ":" + probe;
        try (LoopbackDeployment deployment = LoopbackDeployment.start("cold")) {
            LocalDynamoServer dynamo = deployment.dynamo();
            Path config = deployment.config();
            Map<String, String> env = Map.of(
                    "ROUTER_CONFIG", config.toString(),
                    "DYNAMODB_ENDPOINT", dynamo.endpoint().toString(),
                    "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", "bench",
                    "AWS_SECRET_ACCESS_KEY", "bench",
                    "AWS_LAMBDA_FUNCTION_NAME", "route",
                    "POWERTOOLS_METRICS_NAMESPACE", "LlmRouter");
            Path aot = task.resolve("route.aot");
            System.out.printf(Locale.ROOT, "route zip %s (%.1f MB), JVM %s, %d runs each; median (min-max) ms%n",
                    zip, Files.size(zip) / 1e6, Runtime.version(), runs);
            System.out.println("variant                                          start->answer   init   first invoke");
            measure("JVM defaults", List.of(), classpath, env, runs);
            measure("template flags (C1 only)", LAMBDA_FLAGS, classpath, env, runs);
            measure("template flags, class path of jars only", LAMBDA_FLAGS, jarsOnly, env, runs);
            // JDK 25's AOT cache: one training run records the loaded and linked classes and profiles.
            List<String> training = new ArrayList<>(LAMBDA_FLAGS);
            training.add("-XX:AOTCacheOutput=" + aot);
            run(training, jarsOnly, env);
            if (!Files.isRegularFile(aot)) {
                throw new IllegalStateException("the training run wrote no AOT cache (-Dcoldstart.stderr=FILE shows why)");
            }
            List<String> cached = new ArrayList<>(LAMBDA_FLAGS);
            cached.add("-XX:AOTCache=" + aot);
            measure("template flags + AOT cache (jars only)", cached, jarsOnly, env, runs);
            List<String> lean = new ArrayList<>(cached);
            lean.addAll(List.of("-XX:-UsePerfData", "-XX:+UseSerialGC"));
            measure("+ AOT cache, serial GC, no perf data", lean, jarsOnly, env, runs);
            // The same cache trained and used with the JVM's default tiers (C1 and C2).
            Path aotTiered = task.resolve("route-tiered.aot");
            run(List.of("-XX:AOTCacheOutput=" + aotTiered), jarsOnly, env);
            measure("JVM defaults + AOT cache (jars only)", List.of("-XX:AOTCache=" + aotTiered), jarsOnly, env, runs);
            String jfr = System.getProperty("coldstart.jfr");
            if (jfr != null) { // where the start-up time goes: one more run, recorded
                // Without the AOT cache: the JVM refuses a cache dumped without JFR's module when JFR is on.
                List<String> recorded = new ArrayList<>(LAMBDA_FLAGS);
                recorded.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,jdk.ExecutionSample#period=2ms");
                run(recorded, jarsOnly, env);
            }
        }
        System.exit(0);
    }

    private static void measure(String variant, List<String> flags, String classpath, Map<String, String> env, int runs)
            throws Exception {
        long[][] samples = new long[runs][];
        for (int i = 0; i < runs; i++) {
            samples[i] = run(flags, classpath, env);
        }
        System.out.printf(Locale.ROOT, "%-48s %s  %s  %s%n", variant, median(samples, 0), median(samples, 1), median(samples, 2));
    }

    /** One fresh JVM: {start->answer, init, first invoke} in ms. */
    static long[] run(List<String> flags, String classpath, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), HANDLER));
        // -Dcoldstart.stderr=FILE keeps the fresh JVMs' messages (an AOT cache the JVM refuses says so there).
        String stderr = System.getProperty("coldstart.stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr == null ? ProcessBuilder.Redirect.DISCARD
                : ProcessBuilder.Redirect.appendTo(new java.io.File(stderr)));
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (stderr != null && !line.startsWith("ANSWERED ")) {
                    Files.writeString(Path.of(stderr), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                if (line.startsWith("ANSWERED ")) {
                    long total = (System.nanoTime() - started) / 1_000_000;
                    String[] parts = line.split(" ");
                    if (!"200".equals(parts[1])) {
                        throw new IllegalStateException("the first request was answered " + parts[1]);
                    }
                    process.waitFor();
                    return new long[] {total, Long.parseLong(parts[2]), Long.parseLong(parts[3])};
                }
            }
        }
        throw new IllegalStateException("the probe ended without an answer: exit " + process.waitFor());
    }

    private static String median(long[][] samples, int column) {
        long[] values = Arrays.stream(samples).mapToLong(s -> s[column]).sorted().toArray();
        return String.format(Locale.ROOT, "%5d (%d-%d)", values[values.length / 2], values[0], values[values.length - 1]);
    }

    /** The zip's root folder (the function's classes and resources) as one jar beside it. */
    private static Path functionJar(Path task) throws IOException {
        Path jar = task.resolveSibling(task.getFileName() + "-function.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             var files = Files.walk(task)) {
            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                String name = task.relativize(file).toString().replace('\\', '/');
                if (name.isEmpty() || name.equals("lib") || name.startsWith("lib/")) {
                    continue;
                }
                // Folder entries too: Micronaut finds its bean definitions by listing a folder of the jar.
                boolean folder = Files.isDirectory(file);
                out.putNextEntry(new JarEntry(folder ? name + "/" : name));
                if (!folder) {
                    Files.copy(file, out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /**
     * The probe's classes alone, in a jar, so that nothing of this benchmark's classpath reaches the fresh JVM
     * (a jar, not a folder: an AOT cache accepts only jars on the class path).
     */
    private static Path probeJar(Path into) throws IOException {
        Path jar = into.resolve("cold-start-probe.jar");
        String dir = ColdStartProbe.class.getPackageName().replace('.', '/') + "/";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("ColdStartProbe", "ColdStartProbe$ProbeContext", "ColdStartProbe$ProbeContext$1")) {
                try (InputStream bytes = ColdStartProbe.class.getResourceAsStream(name + ".class")) {
                    out.putNextEntry(new JarEntry(dir + name + ".class"));
                    bytes.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }
}
