package io.llmrouter.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code x-router-*} headers the router puts on its answers, read from the shared module's sources (there is no
 * list of them to import: infra-cdk does not depend on the router's classes), so that CORS exposes every one a new
 * version adds.
 */
final class RouterHeaders {

    private static final Pattern HEADER = Pattern.compile("\"(x-router-[a-z0-9-]+)\"");

    private RouterHeaders() {
    }

    static Set<String> set() {
        Path sources = Repository.file("shared/src/main/java");
        Set<String> headers = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher header = HEADER.matcher(Files.readString(file));
                while (header.find()) {
                    headers.add(header.group(1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (headers.isEmpty()) {
            throw new AssertionError("no x-router-* header found under " + sources);
        }
        return headers;
    }
}
