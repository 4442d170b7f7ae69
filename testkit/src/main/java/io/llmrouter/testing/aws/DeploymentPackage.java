package io.llmrouter.testing.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** A function's deployment zip, unpacked as Lambda unpacks it into {@code LAMBDA_TASK_ROOT}. */
public final class DeploymentPackage {

    private DeploymentPackage() {
    }

    /**
     * Unpacks {@code zip} into {@code taskRoot}. The zip's entries carry no file modes here, so a script in it
     * is run with {@code sh}, as a test of it does.
     */
    public static Path unpack(Path zip, Path taskRoot) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = taskRoot.resolve(entry.getName()).normalize();
                if (!target.startsWith(taskRoot)) {
                    throw new IOException("a zip entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
        return taskRoot;
    }
}
