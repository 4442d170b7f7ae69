package io.llmrouter.testing.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback stand-in for the two AWS secret stores the router reads, speaking their JSON 1.1 protocol
 * ({@code POST /}, SigV4-signed, {@code X-Amz-Target} naming the operation):
 * <ul>
 *   <li>SSM {@code AmazonSSM.GetParameter}, body {@code {"Name":..,"WithDecryption":..}}. A SecureString
 *       asked for without decryption answers its ciphertext, as SSM does; an unknown name answers HTTP 400
 *       {@code {"__type":"ParameterNotFound",...}}.</li>
 *   <li>Secrets Manager {@code secretsmanager.GetSecretValue}, body {@code {"SecretId":..}}, answering
 *       {@code ARN, Name, SecretString, VersionId, VersionStages, CreatedDate}; an unknown id answers
 *       HTTP 400 {@code {"__type":"ResourceNotFoundException",...}}.</li>
 * </ul>
 * Anything else is answered like AWS answers a bad request, so a client speaking the protocol wrong fails
 * instead of passing.
 */
public final class AwsSecretStoresStub implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final Map<String, String> secureStrings = new ConcurrentHashMap<>();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

    public AwsSecretStoresStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void putSecureString(String name, String value) {
        secureStrings.put(name, value);
    }

    public void putSecret(String name, String secretString) {
        secrets.put(name, secretString);
    }

    /** The JSON bodies of the requests received, both services. */
    public List<JsonNode> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(exchange.getRequestMethod()) || contentType == null
                    || !contentType.startsWith(CONTENT_TYPE)) {
                respond(exchange, 400, error("SerializationException", "Start of structure or map found where not expected."));
                return;
            }
            String service = "secretsmanager.GetSecretValue".equals(target) ? "secretsmanager" : "ssm";
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=")
                    || !authorization.contains("/" + service + "/aws4_request")) {
                respond(exchange, 400, error("MissingAuthenticationTokenException", "Missing Authentication Token"));
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            if ("secretsmanager.GetSecretValue".equals(target)) {
                requests.add(request);
                respond(exchange, secretValue(request));
                return;
            }
            if (!"AmazonSSM.GetParameter".equals(target)) {
                respond(exchange, 400, error("UnknownOperationException", ""));
                return;
            }
            requests.add(request);
            String name = request.path("Name").asText();
            String value = secureStrings.get(name);
            if (value == null) {
                respond(exchange, 400, error("ParameterNotFound", "Parameter " + name + " not found."));
                return;
            }
            boolean decrypt = request.path("WithDecryption").asBoolean(false);
            ObjectNode parameter = JSON.createObjectNode()
                    .put("Name", name)
                    .put("Type", "SecureString")
                    .put("Value", decrypt ? value : "AQICAHhCiphertextNotDecrypted==")
                    .put("Version", 1)
                    .put("LastModifiedDate", 1.7637e9)
                    .put("ARN", "arn:aws:ssm:us-east-1:123456789012:parameter" + name)
                    .put("DataType", "text");
            ObjectNode body = JSON.createObjectNode();
            body.set("Parameter", parameter);
            respond(exchange, 200, body);
        }
    }

    /** GetSecretValue's answer: HTTP status and body. */
    private record Answer(int status, JsonNode body) {
    }

    private Answer secretValue(JsonNode request) {
        String id = request.path("SecretId").asText();
        String name = id.startsWith("arn:") ? id.substring(id.lastIndexOf(':') + 1).replaceAll("-[A-Za-z0-9]{6}$", "") : id;
        String value = secrets.get(name);
        if (value == null) {
            return new Answer(400, error("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
        }
        ObjectNode body = JSON.createObjectNode()
                .put("ARN", "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + name + "-a1b2c3")
                .put("Name", name)
                .put("VersionId", "EXAMPLE1-90ab-cdef-fedc-ba987SECRET1")
                .put("SecretString", value)
                .put("CreatedDate", 1.7637e9);
        body.putArray("VersionStages").add("AWSCURRENT");
        return new Answer(200, body);
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        respond(exchange, answer.status(), answer.body());
    }

    private static ObjectNode error(String type, String message) {
        return JSON.createObjectNode().put("__type", type).put("message", message);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
