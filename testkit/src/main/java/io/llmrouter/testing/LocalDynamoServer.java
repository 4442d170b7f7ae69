package io.llmrouter.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * A real DynamoDB Local server on a free loopback port, in memory. Outside JUnit (a benchmark's
 * {@code main}) use it with try-with-resources; in tests, {@link DynamoDbLocal} shares one per JVM.
 *
 * <p>It runs with {@code -sharedDb}: one database for every client whatever its credentials and region,
 * so a function module's client configured differently still sees the tables. Tests isolate themselves
 * by table name instead.
 */
public final class LocalDynamoServer implements AutoCloseable {

    private static final String LOOPBACK = "127.0.0.1";
    private static final int START_ATTEMPTS = 5;

    private final DynamoDBProxyServer server;
    private final URI endpoint;
    private final DynamoDbClient client;

    private LocalDynamoServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = URI.create("http://" + LOOPBACK + ":" + port);
        this.client = clientFor(endpoint);
    }

    /** Starts a server; retries on another port when a concurrent build takes the one picked. */
    public static LocalDynamoServer start() {
        Exception last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freeLoopbackPort();
            try {
                DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                        new String[]{"-inMemory", "-sharedDb", "-port", Integer.toString(port), "-disableTelemetry"});
                bindToLoopback(server);
                server.start();
                return new LocalDynamoServer(server, port);
            } catch (Exception e) {
                if (!(e instanceof BindException || e.getCause() instanceof BindException)) {
                    throw new IllegalStateException("DynamoDB Local did not start", e);
                }
                last = e;
            }
        }
        throw new IllegalStateException("DynamoDB Local found no free port in " + START_ATTEMPTS + " attempts", last);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client shared by everyone using this server; closed with the server. */
    public DynamoDbClient client() {
        return client;
    }

    /** A client of its own (for example with a call-counting interceptor); the caller closes it. */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return clientFor(endpoint, interceptors);
    }

    /** A client for any endpoint, configured as the tests' clients are, with these interceptors. */
    public static DynamoDbClient clientFor(URI endpoint, ExecutionInterceptor... interceptors) {
        return clientBuilder(endpoint)
                .overrideConfiguration(c -> {
                    for (ExecutionInterceptor interceptor : interceptors) {
                        c.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
    }

    /** The tests' client configuration (Apache HTTP, dummy credentials), to adjust before building. */
    public static DynamoDbClientBuilder clientBuilder(URI endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(ApacheHttpClient.builder());
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.stop();
    }

    /**
     * DynamoDB Local has no option for the listening address and Jetty listens on every interface by
     * default; an unauthenticated database has no business on the network, so the connector is moved to
     * loopback before the server starts.
     */
    private static void bindToLoopback(DynamoDBProxyServer proxy) throws ReflectiveOperationException {
        Field field = DynamoDBProxyServer.class.getDeclaredField("server");
        field.setAccessible(true);
        Server jetty = (Server) field.get(proxy);
        for (Connector connector : jetty.getConnectors()) {
            ((ServerConnector) connector).setHost(LOOPBACK);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free loopback port", e);
        }
    }
}
