package io.llmrouter.batch;

import io.llmrouter.state.RoutingStateUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.util.Optional;

/** Batch files as objects of one S3 bucket (any S3-protocol server: the local stack runs one on loopback). */
public final class S3FileStore implements FileStore {

    private final S3Client s3;
    private final String bucket;

    public S3FileStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public void put(String key, byte[] content) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/jsonl"), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the batch files cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String key) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the batch files cannot be deleted: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new RoutingStateUnavailableException("the batch files cannot be read: " + e.getMessage(), e);
        }
    }
}
