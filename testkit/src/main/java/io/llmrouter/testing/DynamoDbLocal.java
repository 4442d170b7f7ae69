package io.llmrouter.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JUnit 5 extension giving tests a real DynamoDB Local: one server per JVM, started on first use and
 * stopped when the test run ends, and a fresh table name for every test.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final DynamoDbLocal dynamo = new DynamoDbLocal();
 *
 * &#64;BeforeEach
 * void createTable() {
 *     StateTable.createIfMissing(dynamo.client(), dynamo.tableName());
 * }
 * </pre>
 */
public final class DynamoDbLocal implements BeforeAllCallback, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynamoDbLocal.class);
    private static final AtomicLong tableCounter = new AtomicLong();

    private LocalDynamoServer server;
    private String tableName;

    @Override
    public void beforeAll(ExtensionContext context) {
        ensureServer(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ensureServer(context); // also covers registration on an instance field, which skips beforeAll
        tableName = newTableName(context.getRequiredTestMethod().getName());
    }

    /** The client shared by all tests; do not close it. */
    public DynamoDbClient client() {
        return server().client();
    }

    /** A client of its own, e.g. with an {@link ApiCallCounter}; the caller closes it. */
    public DynamoDbClient newClient(ExecutionInterceptor... interceptors) {
        return server().newClient(interceptors);
    }

    public URI endpoint() {
        return server().endpoint();
    }

    /** A table name no other test uses, fixed for the duration of the current test; not yet created. */
    public String tableName() {
        if (tableName == null) {
            throw new IllegalStateException("No test is running: tableName() is set before each test");
        }
        return tableName;
    }

    /** Another unused table name, for a test that needs more than one table. */
    public String newTableName(String hint) {
        String readable = hint.replaceAll("[^A-Za-z0-9_.-]", "_");
        return readable.substring(0, Math.min(readable.length(), 200)).toLowerCase(Locale.ROOT)
                + "-" + tableCounter.incrementAndGet();
    }

    private void ensureServer(ExtensionContext context) {
        if (server == null) {
            // The root store outlives every test class and closes the server (an AutoCloseable) at the end.
            server = context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(LocalDynamoServer.class, key -> LocalDynamoServer.start(),
                            LocalDynamoServer.class);
        }
    }

    private LocalDynamoServer server() {
        if (server == null) {
            throw new IllegalStateException("DynamoDB Local is not started: register DynamoDbLocal with "
                    + "@RegisterExtension on a static field");
        }
        return server;
    }
}
