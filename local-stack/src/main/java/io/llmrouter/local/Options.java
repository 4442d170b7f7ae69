package io.llmrouter.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The command line of {@code ./run-local}.
 *
 * @param port the port to serve on; null when {@code --port} was not given (the config's
 *             {@code server.port} applies, see {@link LocalDeployment#listenPort})
 */
record Options(Integer port, Path config, String invokeFunction, Path invokeEvent) {

    static final String USAGE = """
            usage: ./run-local [--port N] [--config FILE]
                   ./run-local [--config FILE] invoke <route|health-poller|cost-refresh|batch-runner> <event.json>
                   ./run-local replay TRACE.csv [--config FILE] [--out DIR] (./run-local replay --help)
            invoke also takes the template's logical IDs: RouteFunction, HealthPollerFunction, CostRefreshFunction.""";

    static Options parse(String[] args) {
        Integer port = null;
        Path config = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> {
                    port = parsePort(value(args, ++i, "--port"));
                }
                case "--config" -> {
                    config = Path.of(value(args, ++i, "--config"));
                    if (!Files.isRegularFile(config)) {
                        throw new IllegalArgumentException("config file not found: " + config);
                    }
                }
                case "invoke" -> {
                    if (args.length - i != 3) {
                        throw new IllegalArgumentException("invoke takes a function name and an event file");
                    }
                    Path event = Path.of(args[i + 2]);
                    if (!Files.isRegularFile(event)) {
                        throw new IllegalArgumentException("event file not found: " + event);
                    }
                    return new Options(port, config, args[i + 1], event);
                }
                case "-h", "--help" -> throw new IllegalArgumentException("help");
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return new Options(port, config, null, null);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a TCP port number, got '" + text + "'");
        }
    }
}
