package io.llmrouter.batch;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What OpenAI's Uploads API does, for batch input files: a file too large for one request (deployed, a function URL
 * takes at most 6 MB) is sent as parts, each kept in the {@link FileStore} until {@code complete} joins them, in the
 * order it names, into one file of {@link BatchService#upload} (which checks it as {@code POST /v1/files} does).
 * An upload is pending for {@link #LIFETIME}, as OpenAI's; uploads are their caller's own, as files are.
 */
public final class UploadService {

    public static final Duration LIFETIME = Duration.ofHours(1);
    /** OpenAI's limit on one part; deployed, the function URL's 6 MB comes first. */
    public static final long MAX_PART_BYTES = 64L * 1024 * 1024;
    /** The types a JSONL file goes by; OpenAI asks for one that fits the purpose. */
    private static final Set<String> JSONL_TYPES = Set.of("application/jsonl", "application/x-jsonl", "text/jsonl",
            "application/x-ndjson", "application/json", "text/plain", "application/octet-stream");

    private final BatchStore store;
    private final FileStore files;
    private final BatchService batches;
    private final Clock clock;

    UploadService(BatchStore store, FileStore files, BatchService batches, Clock clock) {
        this.store = store;
        this.files = files;
        this.batches = batches;
        this.clock = clock;
    }

    /** A completed upload and the file it became. */
    public record Completion(Upload upload, BatchFile file) {
    }

    /** A new upload, pending, from {@code POST /v1/uploads}' body. */
    public Upload create(String caller, JsonNode request) {
        String filename = BatchService.required(request, "filename");
        String purpose = BatchService.required(request, "purpose");
        BatchService.requireInputPurpose(purpose);
        JsonNode bytes = request.get("bytes");
        if (bytes == null || bytes.isNull()) {
            throw invalid("bytes", "Missing required parameter: 'bytes'.");
        }
        if (!bytes.canConvertToExactIntegral() || bytes.asLong() < 1) {
            throw invalid("bytes", "bytes must be a whole number of at least 1, not " + bytes + ".");
        }
        BatchService.requireInputSize(bytes.asLong(), BatchInputException.Kind.INVALID, "bytes");
        String mimeType = BatchService.required(request, "mime_type");
        if (!JSONL_TYPES.contains(mimeType.split(";")[0].trim().toLowerCase(Locale.ROOT))) {
            throw invalid("mime_type", "A file of purpose 'batch' is JSONL: mime_type must be one of "
                    + JSONL_TYPES.stream().sorted().toList() + ", not '" + mimeType + "'.");
        }
        Instant now = clock.instant();
        Upload upload = new Upload("upload_" + BatchService.randomHex(12), filename, purpose, bytes.asLong(), mimeType,
                now, now.plus(LIFETIME), Upload.Status.PENDING, null, caller);
        if (!store.createUpload(upload)) {
            throw new IllegalStateException("upload id collision: " + upload.id());
        }
        return upload;
    }

    public Optional<Upload> upload(String caller, String id) {
        return store.findUpload(id).filter(upload -> upload.caller().equals(caller));
    }

    /** Keeps one part's bytes, from {@code POST /v1/uploads/{id}/parts}. */
    public UploadPart addPart(String caller, String uploadId, byte[] data) {
        Upload upload = pending(caller, uploadId);
        if (data.length > MAX_PART_BYTES) {
            throw new BatchInputException(BatchInputException.Kind.TOO_LARGE, "data", "A part may be at most "
                    + MAX_PART_BYTES + " bytes (64 MB); this one is " + data.length + ".");
        }
        UploadPart part = new UploadPart("part_" + BatchService.randomHex(12), uploadId, data.length, clock.instant());
        files.put(upload.partStorageKey(part.id()), data);
        store.putPart(part, upload.expiresAt().plus(DynamoBatchStore.RETENTION));
        // A complete or cancel that ran meanwhile did not see this part and will not delete it: take it back.
        if (store.findUpload(uploadId).map(Upload::status).orElse(null) != Upload.Status.PENDING) {
            files.delete(upload.partStorageKey(part.id()));
            throw notPending(upload(caller, uploadId).orElse(upload));
        }
        return part;
    }

    /**
     * Joins the parts named by {@code part_ids}, in that order, into one batch file, from
     * {@code POST /v1/uploads/{id}/complete}. Their sizes must add up to the upload's, and their bytes to its
     * {@code md5} when one is given. Every part's bytes are deleted once the file is written, named or not.
     */
    public Completion complete(String caller, String uploadId, JsonNode request) {
        Upload upload = pending(caller, uploadId);
        List<String> partIds = partIds(request.get("part_ids"));
        Map<String, UploadPart> parts = store.parts(uploadId).stream()
                .collect(Collectors.toMap(UploadPart::id, Function.identity()));
        long total = 0;
        for (String partId : partIds) {
            if (!parts.containsKey(partId)) {
                throw invalid("part_ids", "The upload " + uploadId + " has no part '" + partId + "'.");
            }
            total += parts.get(partId).bytes();
        }
        if (total != upload.bytes()) {
            throw invalid("part_ids", "The parts add up to " + total + " bytes, but the upload was created with bytes="
                    + upload.bytes() + ".");
        }
        byte[] content = joined(upload, partIds);
        JsonNode md5 = request.get("md5");
        if (md5 != null && !md5.isNull()) {
            String actual = md5Hex(content);
            if (!md5.asText().equalsIgnoreCase(actual)) {
                throw invalid("md5", "The parts' MD5 is " + actual + ", not '" + md5.asText() + "'.");
            }
        }
        BatchFile file = batches.upload(caller, upload.filename(), upload.purpose(), content);
        Upload completed = upload.ended(Upload.Status.COMPLETED, file.id());
        if (!store.replaceUpload(completed, Upload.Status.PENDING)) {
            batches.deleteFile(caller, file.id());
            throw notPending(upload(caller, uploadId).orElse(upload));
        }
        deleteParts(upload, parts.values());
        return new Completion(completed, file);
    }

    /** Ends a pending upload without a file, from {@code POST /v1/uploads/{id}/cancel}; its parts are deleted. */
    public Upload cancel(String caller, String uploadId) {
        Upload upload = pending(caller, uploadId);
        Upload cancelled = upload.ended(Upload.Status.CANCELLED, null);
        if (!store.replaceUpload(cancelled, Upload.Status.PENDING)) {
            throw notPending(upload(caller, uploadId).orElse(upload));
        }
        deleteParts(upload, store.parts(uploadId));
        return cancelled;
    }

    private Upload pending(String caller, String uploadId) {
        Upload upload = upload(caller, uploadId).orElseThrow(() -> new BatchInputException(
                BatchInputException.Kind.NOT_FOUND, null, "No such upload: '" + uploadId + "'."));
        if (upload.statusAt(clock.instant()) != Upload.Status.PENDING) {
            throw notPending(upload);
        }
        return upload;
    }

    private BatchInputException notPending(Upload upload) {
        return new BatchInputException(BatchInputException.Kind.INVALID, null, "The upload " + upload.id() + " is "
                + upload.statusAt(clock.instant()).wireName() + ": it takes no more parts and cannot be completed or "
                + "cancelled.");
    }

    private static List<String> partIds(JsonNode node) {
        if (node == null || node.isNull()) {
            throw invalid("part_ids", "Missing required parameter: 'part_ids'.");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw invalid("part_ids", "part_ids must be a non-empty array of part ids.");
        }
        Set<String> seen = new HashSet<>();
        List<String> ids = new java.util.ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isTextual()) {
                throw invalid("part_ids", "part_ids must hold part ids (strings), not " + id + ".");
            }
            if (!seen.add(id.asText())) {
                throw invalid("part_ids", "The part '" + id.asText() + "' is named twice in part_ids.");
            }
            ids.add(id.asText());
        }
        return ids;
    }

    /** Into one array of the declared size, which the parts' sizes were checked to add up to: no copy as it grows. */
    private byte[] joined(Upload upload, List<String> partIds) {
        byte[] content = new byte[Math.toIntExact(upload.bytes())];
        int at = 0;
        for (String partId : partIds) {
            byte[] part = files.get(upload.partStorageKey(partId)).orElseThrow(() -> new IllegalStateException(
                    "the bytes of part " + partId + " of upload " + upload.id() + " are missing from the file store"));
            if (at + part.length > content.length) {
                throw new IllegalStateException("the parts of upload " + upload.id() + " hold more bytes than recorded");
            }
            System.arraycopy(part, 0, content, at, part.length);
            at += part.length;
        }
        if (at != content.length) {
            throw new IllegalStateException("the parts of upload " + upload.id() + " hold fewer bytes than recorded");
        }
        return content;
    }

    private void deleteParts(Upload upload, Collection<UploadPart> parts) {
        parts.forEach(part -> files.delete(upload.partStorageKey(part.id())));
    }

    private static String md5Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    private static BatchInputException invalid(String param, String message) {
        return new BatchInputException(BatchInputException.Kind.INVALID, param, message);
    }
}
