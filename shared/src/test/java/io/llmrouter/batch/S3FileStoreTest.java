package io.llmrouter.batch;

import io.llmrouter.testing.S3Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Batch files on a real S3-protocol server (s3rver on loopback), through the AWS SDK as deployed. */
class S3FileStoreTest {

    @TempDir
    static Path objects;
    static S3Server server;
    static S3Client s3;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(S3Server.available(), "s3rver is not installed: run `npm ci` in s3-server (./run-tests does)");
        server = S3Server.start(objects, "batches");
        s3 = S3Client.builder().endpointOverride(server.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                // s3rver stores an aws-chunked body (the SDK's default over plain HTTP) as it comes.
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .chunkedEncodingEnabled(false).build())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3Server.ACCESS_KEY_ID, S3Server.SECRET_ACCESS_KEY)))
                .build();
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFileReadsBackByteForByteAndAMissingOneIsEmpty() {
        S3FileStore files = new S3FileStore(s3, "batches");
        byte[] content = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(content);
        byte[] text = "{\"custom_id\":\"é\"}\n".getBytes(StandardCharsets.UTF_8);

        files.put("files/file-1", content);
        files.put("files/file-2", text);

        assertArrayEquals(content, files.get("files/file-1").orElseThrow());
        assertArrayEquals(text, files.get("files/file-2").orElseThrow());
        assertEquals(Optional.empty(), files.get("files/none"));
    }

    @Test
    void aMissingBucketIsAnUnavailableStoreNotAnEmptyFile() {
        S3FileStore files = new S3FileStore(s3, "no-such-bucket");
        assertThrows(io.llmrouter.state.RoutingStateUnavailableException.class, () -> files.get("files/x"));
    }
}
