package io.llmrouter.batch;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the Files and Batch API endpoints do, with OpenAI's rules: files of purpose {@code batch} up to
 * {@value #MAX_FILE_BYTES} bytes; batches on {@value #ENDPOINT} with a {@code 24h} window; cancelling a batch that
 * has not ended. Reading the input file into items is the runner's work, as OpenAI's {@code validating} status
 * says, so that creating a batch answers at once whatever the file's size.
 */
public final class BatchService {

    public static final String ENDPOINT = "/v1/chat/completions";
    public static final String WINDOW = "24h";
    public static final long MAX_FILE_BYTES = 200L * 1024 * 1024;
    private static final Duration WINDOW_LENGTH = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BatchStore store;
    private final FileStore files;
    private final Clock clock;

    public BatchService(BatchStore store, FileStore files, Clock clock) {
        this.store = store;
        this.files = files;
        this.clock = clock;
    }

    /**
     * Every call names its caller (the scope of the key it came with: {@code key:<id>}, {@code client:<name>},
     * {@code anonymous}): files and batches are the caller's own, and another caller's are answered as if they did
     * not exist, as OpenAI answers another organisation's.
     */
    public BatchFile upload(String caller, String filename, String purpose, byte[] content) {
        requireInputPurpose(purpose);
        requireInputSize(content.length, BatchInputException.Kind.TOO_LARGE, "file");
        BatchFile file = new BatchFile("file-" + randomHex(12), filename == null ? "input.jsonl" : filename, purpose,
                content.length, clock.instant(), caller);
        files.put(file.storageKey(), content);
        store.putFile(file);
        return file;
    }

    /** The only purpose this router takes files for, checked alike by {@code POST /v1/files} and {@code POST /v1/uploads}. */
    static void requireInputPurpose(String purpose) {
        if (purpose == null || purpose.isEmpty()) {
            throw new BatchInputException(BatchInputException.Kind.INVALID, "purpose", "Missing required parameter: 'purpose'.");
        }
        if (!BatchFile.INPUT_PURPOSE.equals(purpose)) {
            throw new BatchInputException(BatchInputException.Kind.INVALID, "purpose", "This router takes files of purpose "
                    + "'batch' only, not '" + purpose + "'.");
        }
    }

    /**
     * OpenAI's limit on a batch input file: on the file itself (too large a body), or on the size an upload declares
     * (an invalid parameter).
     */
    static void requireInputSize(long bytes, BatchInputException.Kind kind, String param) {
        if (bytes > MAX_FILE_BYTES) {
            throw new BatchInputException(kind, param, "A batch input file may be at most "
                    + MAX_FILE_BYTES + " bytes (200 MB); this one is " + bytes + ".");
        }
    }

    /** OpenAI's Uploads API over the same store and files: a file too large for one request, sent in parts. */
    public UploadService uploads() {
        return new UploadService(store, files, this, clock);
    }

    public Optional<BatchFile> file(String caller, String id) {
        return store.findFile(id).filter(file -> file.caller().equals(caller));
    }

    public Optional<byte[]> content(BatchFile file) {
        return files.get(file.storageKey());
    }

    /** The caller's files, newest first; only those of {@code purpose} when it is given. */
    public List<BatchFile> files(String caller, String purpose) {
        return store.listFiles().stream().filter(file -> file.caller().equals(caller))
                .filter(file -> purpose == null || file.purpose().equals(purpose)).toList();
    }

    /**
     * Deletes one of the caller's files: its description at once, its bytes from the bucket. A batch that read it
     * keeps its own items; one whose output it was answers its {@code output_file_id} with 404 from then on.
     *
     * @return false when the caller has no such file
     */
    public boolean deleteFile(String caller, String id) {
        Optional<BatchFile> file = file(caller, id);
        if (file.isEmpty() || !store.deleteFile(id, clock.instant())) {
            return false;
        }
        files.delete(file.get().storageKey());
        return true;
    }

    /** A new batch, {@code validating}, from {@code POST /v1/batches}' body. */
    public Batch create(String caller, JsonNode request) {
        String inputFileId = required(request, "input_file_id");
        String endpoint = required(request, "endpoint");
        String window = required(request, "completion_window");
        if (!ENDPOINT.equals(endpoint)) {
            throw new BatchInputException(BatchInputException.Kind.INVALID, "endpoint", "Batches on this router run on "
                    + ENDPOINT + " only, not '" + endpoint + "'.");
        }
        if (!WINDOW.equals(window)) {
            throw new BatchInputException(BatchInputException.Kind.INVALID, "completion_window",
                    "completion_window must be '24h', not '" + window + "'.");
        }
        BatchFile input = file(caller, inputFileId).orElseThrow(() -> new BatchInputException(
                BatchInputException.Kind.NOT_FOUND, "input_file_id", "No such file: '" + inputFileId + "'."));
        if (!BatchFile.INPUT_PURPOSE.equals(input.purpose())) {
            throw new BatchInputException(BatchInputException.Kind.INVALID, "input_file_id", "The file '" + inputFileId
                    + "' has purpose '" + input.purpose() + "', not 'batch'.");
        }
        JsonNode metadata = request.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            throw new BatchInputException(BatchInputException.Kind.INVALID, "metadata", "metadata must be an object.");
        }
        Instant now = clock.instant();
        Batch batch = new Batch("batch_" + randomHex(12), endpoint, inputFileId, window, BatchStatus.VALIDATING, now,
                now.plus(WINDOW_LENGTH), Map.of(), RequestCounts.NONE, null, null, List.of(),
                BatchJson.metadata(metadata), null, 0, null, Map.of(), caller);
        if (!store.createBatch(batch)) {
            throw new IllegalStateException("batch id collision: " + batch.id());
        }
        return batch;
    }

    public Optional<Batch> batch(String caller, String id) {
        return store.findBatch(id).filter(batch -> batch.caller().equals(caller));
    }

    /** The caller's batches, newest first. */
    public List<Batch> batches(String caller) {
        return store.listBatches().stream().filter(batch -> batch.caller().equals(caller)).toList();
    }

    /**
     * Stops the batch from starting new requests: {@code cancelling} until the runner has written what finished,
     * then {@code cancelled}. A batch that has ended is returned as it is.
     */
    public Batch cancel(String caller, String id) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Batch batch = batch(caller, id).orElseThrow(() -> new BatchInputException(BatchInputException.Kind.NOT_FOUND,
                    null, "No such batch: '" + id + "'."));
            if (batch.status() != BatchStatus.VALIDATING && batch.status() != BatchStatus.IN_PROGRESS) {
                return batch;
            }
            Batch cancelling = BatchTransitions.to(batch, BatchStatus.CANCELLING, clock.instant());
            if (store.replaceBatch(cancelling, batch.status(), null)) {
                return cancelling;
            }
        }
        throw new IllegalStateException("batch " + id + " kept changing while it was cancelled");
    }

    static String required(JsonNode request, String name) {
        JsonNode value = request.get(name);
        if (value == null || value.isNull()) {
            throw new BatchInputException(BatchInputException.Kind.INVALID, name, "Missing required parameter: '" + name + "'.");
        }
        if (!value.isTextual()) {
            throw new BatchInputException(BatchInputException.Kind.INVALID, name, name + " must be a string.");
        }
        return value.asText();
    }

    static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
