package io.llmrouter.wiring;

import io.llmrouter.batch.BatchService;
import io.llmrouter.batch.BatchStore;
import io.llmrouter.batch.DynamoBatchStore;
import io.llmrouter.batch.FileStore;
import io.llmrouter.batch.S3FileStore;
import io.llmrouter.config.StoreSettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * The batches: their files in the S3 bucket {@code BATCH_BUCKET} (set by the deployment templates to the bucket they
 * create), their records in the routing-state table. Without a bucket there are none: the route function answers
 * the Files and Batch endpoints with 404 and the batch runner has nothing to run. {@code S3_ENDPOINT} points the
 * client elsewhere than AWS (the local stack's S3 server), with path-style addressing and, when
 * {@code S3_ACCESS_KEY_ID} and {@code S3_SECRET_ACCESS_KEY} are set, that server's own key pair; otherwise the
 * credentials come from the standard provider chain.
 */
@Factory
@Requires(property = "batch.bucket")
public class BatchBeans {

    @Singleton
    S3Client s3(@Value("${s3.endpoint:}") String endpoint, @Value("${s3.access-key-id:}") String accessKeyId,
                @Value("${s3.secret-access-key:}") String secretAccessKey) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)));
        if (!endpoint.isBlank()) {
            // Checksums only where S3 requires them: a server such as s3rver stores an aws-chunked body as it comes, so
            // bodies go whole.
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                            .chunkedEncodingEnabled(false).build());
            if (!accessKeyId.isBlank()) {
                builder.credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
            }
        }
        return builder.build();
    }

    @Singleton
    FileStore fileStore(S3Client s3, @Value("${batch.bucket}") String bucket) {
        return new S3FileStore(s3, bucket);
    }

    @Singleton
    BatchStore batchStore(DynamoDbClient dynamo, StoreSettings settings) {
        return new DynamoBatchStore(dynamo, settings);
    }

    @Singleton
    BatchService batchService(BatchStore store, FileStore files, Clock clock) {
        return new BatchService(store, files, clock);
    }
}
