package io.llmrouter.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code multipart/form-data} body (RFC 7578), as the OpenAI SDKs send {@code POST /v1/files}: named parts, each
 * with its bytes and, for a file, its file name. Read whole from the bytes the gateway already holds; the few
 * rules the SDKs' bodies need (a boundary, CRLF-separated part headers, {@code Content-Disposition}'s {@code name}
 * and {@code filename}) do not warrant a servlet stack's parser.
 */
record MultipartForm(Map<String, Part> parts) {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i);\\s*filename=\"([^\"]*)\"");
    private static final byte[] HEADER_END = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** @param filename null for a plain field */
    record Part(String filename, byte[] content) {
        String text() {
            return new String(content, StandardCharsets.UTF_8);
        }
    }

    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }

    Optional<Part> part(String name) {
        return Optional.ofNullable(parts.get(name));
    }

    /** @throws Malformed when the type is not multipart/form-data with a boundary, or the body does not follow it */
    static MultipartForm parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new Malformed("This endpoint takes multipart/form-data, with the file in a part named 'file'.");
        }
        Matcher boundary = BOUNDARY.matcher(contentType);
        if (!boundary.find()) {
            throw new Malformed("The multipart/form-data Content-Type has no boundary.");
        }
        String value = boundary.group(2) != null ? boundary.group(2) : boundary.group(3);
        byte[] delimiter = ("--" + value).getBytes(StandardCharsets.US_ASCII);
        byte[] between = ("\r\n--" + value).getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(body, delimiter, 0);
        if (at < 0) {
            throw new Malformed("The body does not contain its multipart boundary.");
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        int position = at + delimiter.length;
        while (true) {
            if (startsWith(body, position, "--")) {
                return new MultipartForm(parts);
            }
            if (!startsWith(body, position, "\r\n")) {
                throw new Malformed("A multipart boundary is not followed by a line break.");
            }
            int headersStart = position + 2;
            int headersEnd = indexOf(body, HEADER_END, headersStart);
            if (headersEnd < 0) {
                throw new Malformed("A multipart part has no end to its headers.");
            }
            int contentStart = headersEnd + HEADER_END.length;
            int contentEnd = indexOf(body, between, contentStart);
            if (contentEnd < 0) {
                throw new Malformed("A multipart part is not closed by the boundary.");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            String disposition = headers.lines().filter(h -> h.toLowerCase(Locale.ROOT).startsWith("content-disposition:"))
                    .findFirst().orElseThrow(() -> new Malformed("A multipart part has no Content-Disposition."));
            Matcher name = NAME.matcher(disposition);
            if (!name.find()) {
                throw new Malformed("A multipart part has no name.");
            }
            Matcher filename = FILENAME.matcher(disposition);
            parts.putIfAbsent(name.group(1), new Part(filename.find() ? filename.group(1) : null,
                    Arrays.copyOfRange(body, contentStart, contentEnd)));
            position = contentEnd + between.length;
        }
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        return at + bytes.length <= body.length && Arrays.equals(body, at, at + bytes.length, bytes, 0, bytes.length);
    }

    private static int indexOf(byte[] body, byte[] needle, int from) {
        outer:
        for (int i = from; i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
