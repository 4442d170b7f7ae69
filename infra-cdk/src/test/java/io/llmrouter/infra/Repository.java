package io.llmrouter.infra;

import java.nio.file.Path;

/** Files of this repository that the tests check: the SAM template and the function zips. */
final class Repository {

    private Repository() {
    }

    /** Surefire passes the root; from an IDE the working directory is infra-cdk/. */
    static Path root() {
        return Path.of(System.getProperty("llmrouter.repo.root", "..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }
}
